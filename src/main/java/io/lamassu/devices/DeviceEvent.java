package io.lamassu.devices;

import java.time.Instant;

/** One entry of a device's or identity slot's history (upstream types: CREATED, STATUS-UPDATED, ...). */
public record DeviceEvent(Instant timestamp, String type, String description) {
}

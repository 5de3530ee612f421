package io.lamassu.dms;

/** {@code POST /dms/bind-identity} input; {@code bindMode} is optional (PROVISIONED, RE-PROVISIONED, RENEWED). */
public record BindIdentity(String deviceId, String certificateSerialNumber, String bindMode) {
}

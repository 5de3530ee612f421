package io.lamassu.events;

import java.time.Instant;

/**
 * A CloudEvents 1.0 envelope (structured JSON mode). {@code data} is the JSON text of the payload;
 * {@code authtype}/{@code authid} are the upstream extension attributes naming the actor.
 */
public record CloudEvent(String specversion, String id, String source, String type, String subject,
                         Instant time, String datacontenttype, String authtype, String authid, String data) {
}

package io.lamassu.alerts;

/**
 * One received event prepared for matching: its CloudEvent JSON (structured mode, {@code data} as
 * JSON) and whatever parsed form the condition engine keeps, so that an event is parsed once however
 * many conditions look at it.
 */
public interface EventDocument {
    String id();

    String type();

    String json();
}

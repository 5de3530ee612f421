package io.lamassu.alerts;

/** A filter over the event's CloudEvent JSON; a subscription's conditions are OR-ed (as upstream). */
public record Condition(ConditionType type, String condition) {
}

package io.lamassu.alerts;

import io.lamassu.events.CloudEvent;

/**
 * The condition engine: compiles a subscription's condition once (a bad one is a 400 naming what
 * is wrong) and evaluates it against an event's CloudEvent JSON. Implemented with Jayway JSONPath
 * and networknt JSON Schema outside the domain package.
 */
public interface EventConditions {
    /** Largest condition text accepted. */
    int MAX_CONDITION_CHARS = 16 * 1024;

    Compiled compile(Condition condition);

    EventDocument document(CloudEvent event);

    /** A condition ready to run; it never throws (a failing evaluation is "no match"). */
    interface Compiled {
        boolean matches(EventDocument event);
    }
}

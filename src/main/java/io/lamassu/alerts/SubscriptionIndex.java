package io.lamassu.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscription, indexed by what its event type can match, with its conditions compiled
 * once. Matching an event looks up its exact type, each of its dot prefixes and the catch-all
 * list, so its cost grows with the subscriptions that could match, not with all of them.
 * Immutable: a change of subscriptions builds a new index ({@link #version()}).
 */
public final class SubscriptionIndex {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionIndex.class);
    private final long version;
    private final Map<String, List<Entry>> exact = new HashMap<>();
    private final Map<String, List<Entry>> prefix = new HashMap<>();
    private final List<Entry> all = new ArrayList<>();
    private final Map<String, Entry> byId = new HashMap<>();

    private record Entry(Subscription subscription, List<EventConditions.Compiled> conditions) {
        boolean matches(EventDocument event) {
            if (conditions.isEmpty()) {
                return true;
            }
            for (EventConditions.Compiled c : conditions) {
                if (c.matches(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    private SubscriptionIndex(long version, List<Subscription> subscriptions, EventConditions engine,
                              SubscriptionIndex previous) {
        this.version = version;
        for (Subscription s : subscriptions) {
            // Subscriptions never change once made: one compiled before is reused as it is.
            Entry e = previous == null ? null : previous.byId.get(s.id());
            e = e != null ? e : compile(s, engine);
            if (e != null) {
                add(e);
                byId.put(s.id(), e);
            }
        }
    }

    public static SubscriptionIndex build(long version, List<Subscription> subscriptions, EventConditions engine) {
        return new SubscriptionIndex(version, subscriptions, engine, null);
    }

    /** A new index over {@code subscriptions}, compiling only those {@code previous} does not hold. */
    public static SubscriptionIndex rebuild(long version, List<Subscription> subscriptions, EventConditions engine,
                                            SubscriptionIndex previous) {
        return new SubscriptionIndex(version, subscriptions, engine, previous);
    }

    /** Stored subscriptions were checked when made; one that no longer compiles is skipped, not fatal. */
    private static Entry compile(Subscription s, EventConditions engine) {
        try {
            EventTypePattern.syntax(s.eventType());
            return new Entry(s, s.conditions().stream().map(engine::compile).toList());
        } catch (RuntimeException e) {
            LOG.warn("alert subscription {} is skipped: {}", s.id(), e.getMessage());
            return null;
        }
    }

    private void add(Entry e) {
        EventTypePattern p = EventTypePattern.syntax(e.subscription().eventType());
        switch (p.kind()) {
            case ALL -> all.add(e);
            case EXACT -> exact.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(e);
            case PREFIX -> prefix.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(e);
        }
    }

    public long version() {
        return version;
    }

    public int size() {
        return byId.size();
    }

    /** The subscriptions {@code event} matches, each once. */
    public List<Subscription> match(EventDocument event) {
        List<Subscription> out = new ArrayList<>();
        String type = event.type();
        collect(exact.get(type), event, out);
        for (int i = type.indexOf('.'); i >= 0; i = type.indexOf('.', i + 1)) {
            collect(prefix.get(type.substring(0, i + 1)), event, out);
        }
        collect(all, event, out);
        return out;
    }

    private static void collect(List<Entry> entries, EventDocument event, List<Subscription> out) {
        if (entries == null) {
            return;
        }
        for (Entry e : entries) {
            if (e.matches(event)) {
                out.add(e.subscription());
            }
        }
    }
}

package io.lamassu.events;

import io.lamassu.events.inmemory.InMemoryEventBus;
import java.time.Duration;

class InMemoryEventBusTest extends EventBusContract {
    private InMemoryEventBus last;

    @Override
    EventBus open() {
        last = new InMemoryEventBus(new ConsumerRetry(2, Duration.ofMillis(5), Duration.ofMillis(20)));
        return last;
    }

    @Override
    long deadLetters(String subscriberId) {
        return last.deadLettered();
    }

    @Override
    boolean settled(EventBus bus) {
        return true;
    }
}

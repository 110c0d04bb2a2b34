package dev.crema.api;

/** Receives the events of {@link CremaRuntime#events}, on the calling thread, in order. */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}

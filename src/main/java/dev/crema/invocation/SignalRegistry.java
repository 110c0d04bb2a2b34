package dev.crema.invocation;

/**
 * Where a command asks to hear about the signals its caller gets: in the plain CLI the JVM's own signal
 * handlers; under the server, the signals the client relays.
 */
public interface SignalRegistry {
    /** name as sun.misc.Signal spells it: INT, TERM, HUP, WINCH. */
    void handle(String name, SignalListener listener);
}

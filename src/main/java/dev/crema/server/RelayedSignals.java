package dev.crema.server;

import dev.crema.invocation.SignalListener;
import dev.crema.invocation.SignalRegistry;

/**
 * The signals a client relays (it catches them in place of the command): a command's handlers by signal
 * number. A signal with no handler does what it does to a plain crema JVM: INT, TERM and HUP end it with
 * 128+signal (the JVM's shutdown), the others are ignored.
 */
final class RelayedSignals implements SignalRegistry {
    private final SignalListener[] handlers = new SignalListener[65];

    @Override
    public synchronized void handle(String name, SignalListener listener) {
        handlers[number(name)] = listener;
    }

    /** true when a command handler took it; false when the default applies. */
    boolean deliver(int number) {
        SignalListener listener;
        synchronized (this) {
            listener = number > 0 && number < handlers.length ? handlers[number] : null;
        }
        if (listener == null) return false;
        listener.signal(number);
        return true;
    }

    /** Whether a signal with no handler ends a JVM (through its shutdown, with exit code 128+signal). */
    static boolean endsTheJvm(int number) {
        return number == 1 || number == 2 || number == 15;
    }

    static int number(String name) {
        return switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "USR1" -> 10;
            case "USR2" -> 12;
            case "TERM" -> 15;
            case "WINCH" -> 28;
            default -> throw new IllegalArgumentException("no relayed signal " + name);
        };
    }
}

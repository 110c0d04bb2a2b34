package dev.crema.server;

/** A peer that does not speak the server protocol, or went away in the middle of a message. */
final class ProtocolException extends RuntimeException {
    ProtocolException(String message) {
        super(message);
    }
}

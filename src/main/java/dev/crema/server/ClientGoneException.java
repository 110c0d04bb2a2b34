package dev.crema.server;

/** The client of a command closed its connection (it was killed, or its caller gave up) while the command ran. */
final class ClientGoneException extends RuntimeException {
    ClientGoneException(String message) {
        super(message);
    }
}

package dev.crema.cli;

/** A command word crema does not know: exit code 3, as runc's. */
final class UnknownCommandException extends RuntimeException {
    UnknownCommandException(String message) {
        super(message);
    }
}

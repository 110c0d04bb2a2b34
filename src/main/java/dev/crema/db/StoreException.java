package dev.crema.db;

/** The state db refused: unknown container, id taken, bad id, or an I/O failure (with the path). */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(dev.crema.spec.OneLine.of(message));
    }

    public StoreException(String message, Throwable cause) {
        super(dev.crema.spec.OneLine.of(message), cause);
    }
}

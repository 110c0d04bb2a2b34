package dev.crema.db;

/** The state db refused: unknown container, id taken, bad id, or an I/O failure (with the path). */
public final class StoreException extends RuntimeException {
    /** Why: the library (dev.crema.api) turns each kind into its own exception type. */
    public enum Kind { NOT_FOUND, EXISTS, INVALID_ID, SYSTEM }

    private final Kind kind;

    public StoreException(String message) {
        this(Kind.SYSTEM, message);
    }

    public StoreException(Kind kind, String message) {
        super(dev.crema.spec.OneLine.of(message));
        this.kind = kind;
    }

    public StoreException(String message, Throwable cause) {
        super(dev.crema.spec.OneLine.of(message), cause);
        this.kind = Kind.SYSTEM;
    }

    public Kind kind() {
        return kind;
    }

    static StoreException notFound() {
        return new StoreException(Kind.NOT_FOUND, "container does not exist");
    }
}

package dev.crema.container;

/**
 * A lifecycle operation that cannot be done; the message is what runc would print in the same case. The kind
 * lets the library (dev.crema.api) give each failure its own exception type without reading the words.
 */
public final class ContainerException extends RuntimeException {
    /** Why the operation failed. */
    public enum Kind { NOT_FOUND, WRONG_STATE, INVALID, SYSTEM }

    private final Kind kind;

    public ContainerException(String message) {
        this(Kind.SYSTEM, message);
    }

    public ContainerException(String message, Throwable cause) {
        super(dev.crema.spec.OneLine.of(message), cause);
        this.kind = Kind.SYSTEM;
    }

    public ContainerException(Kind kind, String message) {
        super(dev.crema.spec.OneLine.of(message));
        this.kind = kind;
    }

    public ContainerException(Kind kind, String message, Throwable cause) {
        super(dev.crema.spec.OneLine.of(message), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The container is not in a status that allows the operation (not running, not paused, stopped...). */
    static ContainerException wrongState(String message) {
        return new ContainerException(Kind.WRONG_STATE, message);
    }

    /** The caller's input (config field, option, signal name) is refused before anything was done. */
    static ContainerException invalid(String message) {
        return new ContainerException(Kind.INVALID, message);
    }
}

package dev.crema.container;

/** A lifecycle operation that cannot be done; the message is what runc would print in the same case. */
public final class ContainerException extends RuntimeException {
    public ContainerException(String message) {
        super(dev.crema.spec.OneLine.of(message));
    }

    public ContainerException(String message, Throwable cause) {
        super(dev.crema.spec.OneLine.of(message), cause);
    }
}

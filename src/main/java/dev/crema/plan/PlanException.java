package dev.crema.plan;

/** A config that is valid JSON but that crema cannot or will not run; the message starts with the field path. */
public final class PlanException extends RuntimeException {
    public PlanException(String message) {
        super(dev.crema.spec.OneLine.of(message));
    }
}

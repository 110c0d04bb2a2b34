package dev.crema.spec;

/** Text that is not valid JSON; the message gives line and column. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}

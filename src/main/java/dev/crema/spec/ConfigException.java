package dev.crema.spec;

/** A config.json (or process.json) that does not follow the spec; the message starts with the field's JSON path. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(OneLine.of(message));
    }
}

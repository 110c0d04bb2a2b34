package dev.crema.api;

/**
 * The input was refused before anything was done on the host: config.json or a process, an option, the
 * container id's format, a signal name. The message names the config field or the CLI flag, as the CLI prints it.
 */
public final class InvalidConfigException extends CremaException {
    InvalidConfigException(String containerId, String message, Throwable cause) {
        super(containerId, message, cause);
    }
}

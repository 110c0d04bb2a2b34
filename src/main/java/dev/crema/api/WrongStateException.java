package dev.crema.api;

/**
 * The container's status does not allow the operation: start of a running container, kill of a stopped one,
 * resume of one that is not paused ("container not running", "cannot start an already running container"...).
 */
public final class WrongStateException extends CremaException {
    WrongStateException(String containerId, String message, Throwable cause) {
        super(containerId, message, cause);
    }
}

package dev.crema.api;

/**
 * create with an id that is taken ("container with given ID already exists: ID").
 */
public final class ContainerExistsException extends CremaException {
    ContainerExistsException(String containerId, String message, Throwable cause) {
        super(containerId, message, cause);
    }
}

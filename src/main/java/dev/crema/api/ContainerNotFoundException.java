package dev.crema.api;

/**
 * No container of that id under the runtime root ("container does not exist").
 */
public final class ContainerNotFoundException extends CremaException {
    ContainerNotFoundException(String containerId, String message, Throwable cause) {
        super(containerId, message, cause);
    }
}

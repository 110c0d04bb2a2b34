package dev.crema.api;

/**
 * Why a {@link CremaRuntime} operation failed. The message is exactly what the crema command prints for the same
 * failure (runc's words where runc has them), so a program can show it to a user or match it as engines match
 * runc's. The cause, when there is one, is the internal failure (a system call, a config parser...).
 */
public abstract sealed class CremaException extends RuntimeException
        permits ContainerNotFoundException, ContainerExistsException, WrongStateException, InvalidConfigException,
        SystemException {
    private final String containerId;

    CremaException(String containerId, String message, Throwable cause) {
        super(message, cause);
        this.containerId = containerId;
    }

    /** The container the operation was about, or null (list, and a create refused before its id was read). */
    public String containerId() {
        return containerId;
    }
}

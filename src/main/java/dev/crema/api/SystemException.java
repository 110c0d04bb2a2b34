package dev.crema.api;

/**
 * The host refused: a system call, a cgroup or state file, a hook, crema-init failing a step of its plan (the
 * message then names the config field the step came from). Nothing the operation made is left behind.
 */
public final class SystemException extends CremaException {
    SystemException(String containerId, String message, Throwable cause) {
        super(containerId, message, cause);
    }
}

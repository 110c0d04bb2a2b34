package dev.crema.server;

/** The server cannot start or be reached: names the root, the socket and the cause. */
public final class ServerException extends RuntimeException {
    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

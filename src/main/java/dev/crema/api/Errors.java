package dev.crema.api;

import dev.crema.container.ContainerException;
import dev.crema.db.StoreException;
import dev.crema.plan.PlanException;
import dev.crema.spec.ConfigException;
import dev.crema.spec.JsonException;

/**
 * Turns the internal failures into the library's exception types, keeping the message the CLI prints (its
 * Main prints {@code getMessage()}, or the exception itself when that is empty: kept so here too).
 */
final class Errors {
    private Errors() {}

    static CremaException of(String id, RuntimeException e) {
        if (e instanceof CremaException known) return known;
        String message = message(e);
        if (e instanceof StoreException store) {
            switch (store.kind()) {
                case NOT_FOUND: return new ContainerNotFoundException(id, message, e);
                case EXISTS: return new ContainerExistsException(id, message, e);
                case INVALID_ID: return new InvalidConfigException(id, message, e);
                default: return new SystemException(id, message, e);
            }
        }
        if (e instanceof ContainerException container) {
            switch (container.kind()) {
                case NOT_FOUND: return new ContainerNotFoundException(id, message, e);
                case WRONG_STATE: return new WrongStateException(id, message, e);
                case INVALID: return new InvalidConfigException(id, message, e);
                default: return new SystemException(id, message, e);
            }
        }
        if (e instanceof ConfigException || e instanceof PlanException || e instanceof JsonException) {
            return new InvalidConfigException(id, message, e);
        }
        return new SystemException(id, message, e);
    }

    static String message(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.toString() : message;
    }

    static WrongStateException wrongState(String id, String message) {
        return new WrongStateException(id, message, null);
    }

    static InvalidConfigException invalid(String id, String message, Throwable cause) {
        return new InvalidConfigException(id, message, cause);
    }
}

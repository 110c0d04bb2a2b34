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

    /**
     * The library's exception for {@code e}. Typed RuntimeException, so that the verifier of a caller's
     * {@code throw Errors.of(...)} loads no exception class of the library before one is thrown (startup).
     */
    static RuntimeException of(String id, RuntimeException e) {
        if (e instanceof CremaException known) return known;
        String message = message(e);
        // if, not a switch on the enum: that would add a switch-map class and its error handling to every failure
        if (e instanceof StoreException store) {
            StoreException.Kind kind = store.kind();
            if (kind == StoreException.Kind.NOT_FOUND) return new ContainerNotFoundException(id, message, e);
            if (kind == StoreException.Kind.EXISTS) return new ContainerExistsException(id, message, e);
            if (kind == StoreException.Kind.INVALID_ID) return new InvalidConfigException(id, message, e);
            return new SystemException(id, message, e);
        }
        if (e instanceof ContainerException container) {
            ContainerException.Kind kind = container.kind();
            if (kind == ContainerException.Kind.NOT_FOUND) return new ContainerNotFoundException(id, message, e);
            if (kind == ContainerException.Kind.WRONG_STATE) return new WrongStateException(id, message, e);
            if (kind == ContainerException.Kind.INVALID) return new InvalidConfigException(id, message, e);
            return new SystemException(id, message, e);
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

    static RuntimeException wrongState(String id, String message) {
        return new WrongStateException(id, message, null);
    }

    /** update's: a resources tree the spec parser refused is named as crema update's --resources flag. */
    static RuntimeException ofUpdate(String id, RuntimeException e) {
        if (e instanceof ConfigException) return new InvalidConfigException(id, "--resources: " + e.getMessage(), e);
        return of(id, e);
    }
}

package dev.crema.resctrl;

/** A resctrl (Intel RDT) operation that failed or a setting the host cannot take; the message names the field. */
public final class ResctrlException extends RuntimeException {
    public ResctrlException(String message) {
        super(message);
    }
}

package dev.crema.cli;

/** A wrong command line: unknown flag, missing argument, bad value. Printed as is, exit code 1 as runc. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}

package dev.crema.cli;

/**
 * A refusal that is the command's own and not a usage error: printed as is, and for exec prefixed "exec failed:"
 * with exit code 255, as runc does (a UsageException would exit 1 without the prefix).
 */
final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
        super(message);
    }
}

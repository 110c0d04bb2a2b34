package dev.crema.cli;

/** -h or --help among a command's flags: the command prints its usage and exits 0 instead of running, as runc's. */
final class HelpRequested extends UsageException {
    HelpRequested() {
        super("help requested");
    }
}

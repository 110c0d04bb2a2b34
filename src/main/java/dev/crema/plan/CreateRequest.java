package dev.crema.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * What the plan compiler needs beyond config.json: where things are on the host and the create flags;
 * {@code hasConsoleTarget}: a pty master would have somewhere to go (--console-socket, or crema's own relay).
 */
public record CreateRequest(Path rootfs, Path bundle, Path execFifo, boolean noPivot, List<CgroupMount> cgroupMounts,
                            boolean hasConsoleTarget) {}

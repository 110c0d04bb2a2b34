package dev.crema.plan;

import java.nio.file.Path;
import java.util.List;

/** What the plan compiler needs beyond config.json: where things are on the host and the create flags. */
public record CreateRequest(Path rootfs, Path bundle, Path execFifo, boolean noPivot, List<CgroupMount> cgroupMounts,
                            Path consoleSocket) {}

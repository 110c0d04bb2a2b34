package dev.crema.resctrl;

import dev.crema.spec.Linux.LinuxIntelRdt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's Intel RDT groups in the resctrl filesystem (linux.intelRdt), kept as runc keeps them. The CLOS
 * group is {@code <resctrl>/<closID>} (an existing one is joined) or {@code <resctrl>/<container id>}; with
 * enableMonitoring the container also gets a monitoring group {@code <group>/mon_groups/<container id>}. Every
 * process of the container is written to each group's tasks file, l3CacheSchema, memBwSchema and the schemata
 * lines go to the CLOS group's schemata file, and only the directories crema made are removed again: a CLOS
 * group someone else made may hold other containers, and removing a resctrl group does not fail while it has
 * tasks (the kernel moves them to the default group), so ownership is the only guard.
 */
public final class IntelRdt {
    private static final String FIELD = "linux.intelRdt";
    private static final String[] RESERVED = {"info", "mon_groups", "mon_data"};

    private final Path root;
    private final LinuxIntelRdt config;
    private final Path group;
    private final Path monitor;
    private final List<String> created = new ArrayList<>();

    /** The groups of container {@code containerId} under the resctrl mount {@code root}; checks closID. */
    public IntelRdt(Path root, String containerId, LinuxIntelRdt config) {
        this.root = root;
        this.config = config;
        String closID = config.closID();
        if (notEmpty(closID)) {
            checkClosID(closID);
        } else if (reserved(containerId)) {
            throw new ResctrlException(FIELD + ": the container id \"" + containerId + "\" names one of resctrl's own "
                    + "directories, not a group: set linux.intelRdt.closID");
        }
        this.group = root.resolve(notEmpty(closID) ? closID : containerId);
        this.monitor = Boolean.TRUE.equals(config.enableMonitoring())
                ? group.resolve("mon_groups").resolve(containerId) : null;
    }

    /** The groups on this host's resctrl mount. */
    public static IntelRdt onHost(String containerId, LinuxIntelRdt config) {
        Path root = ResctrlMount.detect();
        if (root == null) throw new ResctrlException(FIELD + ": the host has no resctrl filesystem (Intel RDT)");
        return new IntelRdt(root, containerId, config);
    }

    /**
     * Refuses, by field, what this host's resctrl cannot do, before anything is made: a schema for a resource
     * the kernel does not offer (its info directory is missing), monitoring without mon_groups, and a CLOS group
     * to join that does not exist (with no schemata to make it from, runc and the spec require it beforehand).
     */
    public void validate() {
        String l3 = config.l3CacheSchema();
        if (notEmpty(l3) && !isDir(root.resolve("info/L3")) && !isDir(root.resolve("info/L3CODE"))
                && !isDir(root.resolve("info/L3DATA"))) {
            throw new ResctrlException(FIELD + ".l3CacheSchema: the host's resctrl offers no L3 cache allocation (no "
                    + root.resolve("info/L3") + ")");
        }
        String mb = config.memBwSchema();
        if (notEmpty(mb)) {
            if (mb.indexOf('\n') >= 0) throw new ResctrlException(FIELD + ".memBwSchema: must not contain a newline");
            if (!isDir(root.resolve("info/MB"))) {
                throw new ResctrlException(FIELD + ".memBwSchema: the host's resctrl offers no memory bandwidth "
                        + "allocation (no " + root.resolve("info/MB") + ")");
            }
        }
        List<String> lines = config.schemata();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).indexOf('\n') >= 0) {
                throw new ResctrlException(FIELD + ".schemata[" + i + "]: must not contain a newline");
            }
        }
        if (monitor != null && !isDir(root.resolve("mon_groups"))) {
            throw new ResctrlException(FIELD + ".enableMonitoring: the host's resctrl offers no monitoring (no "
                    + root.resolve("mon_groups") + ")");
        }
        if (notEmpty(config.closID()) && schemataLines().isEmpty() && !isDir(group)) {
            throw new ResctrlException(FIELD + ".closID: the CLOS group " + group + " does not exist; without "
                    + "l3CacheSchema, memBwSchema or schemata it must be made beforehand");
        }
    }

    /** The directories whose tasks file gets every process: the CLOS group, then the monitoring group. */
    public List<String> taskDirs() {
        return monitor == null ? List.of(group.toString()) : List.of(group.toString(), monitor.toString());
    }

    /** The directories create() will make (parents first), for the state to record before they exist. */
    public List<String> missingDirs() {
        List<String> missing = new ArrayList<>(2);
        if (!isDir(group)) missing.add(group.toString());
        if (monitor != null && !isDir(monitor)) missing.add(monitor.toString());
        return missing;
    }

    /** Makes the missing groups; one that appears meanwhile (a parallel create) is joined and not counted as ours. */
    public void create() {
        mkdir(group, notEmpty(config.closID()) ? FIELD + ".closID" : FIELD);
        if (monitor != null) mkdir(monitor, FIELD + ".enableMonitoring");
    }

    /** What create() made, parents first. */
    public List<String> createdDirs() {
        return List.copyOf(created);
    }

    /** Writes l3CacheSchema, memBwSchema and the schemata lines, in that order and in one write, as runc does. */
    public void applySchemata() {
        writeSchemata(group, schemataLines(), FIELD);
    }

    /**
     * Writes schemata lines to a CLOS group in one write ({@code update --l3-cache-schema} and
     * {@code --mem-bw-schema} too, on the group create recorded); {@code field} names the source in errors.
     */
    public static void writeSchemata(Path group, List<String> lines, String field) {
        if (lines.isEmpty()) return;
        Path file = group.resolve("schemata");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw failure(field, "write " + file, e, group.getParent());
        }
    }

    /** The lines for the schemata file; later lines override earlier ones for the same resource. */
    List<String> schemataLines() {
        List<String> lines = new ArrayList<>();
        if (notEmpty(config.l3CacheSchema())) lines.add(config.l3CacheSchema());
        if (notEmpty(config.memBwSchema())) lines.add(config.memBwSchema());
        for (String line : config.schemata()) {
            if (!line.isEmpty()) lines.add(line);
        }
        return lines;
    }

    public void addProcess(int pid) {
        addProcess(taskDirs(), pid);
    }

    /** Puts the process in each group in order (a monitoring group takes only tasks of its CLOS group). */
    public static void addProcess(List<String> taskDirs, int pid) {
        for (String dir : taskDirs) {
            Path tasks = Path.of(dir, "tasks");
            try {
                Files.writeString(tasks, Integer.toString(pid), StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw failure(FIELD, "write " + tasks, e, Path.of(taskDirs.getFirst()).getParent());
            }
        }
    }

    /** Removes the directories crema made (as recorded, parents first), deepest first; gone already is fine. */
    public static void destroy(List<String> createdDirs) {
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            Path dir = Path.of(createdDirs.get(i));
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw failure(FIELD, "rmdir " + dir, e, null);
            }
        }
    }

    /** Removes what this create() made: a failed create leaves nothing behind. */
    public void destroyCreated() {
        destroy(created);
    }

    private void mkdir(Path dir, String field) {
        if (isDir(dir)) return;
        try {
            Files.createDirectory(dir);
            created.add(dir.toString());
        } catch (FileAlreadyExistsException raced) {
            // made by someone else a moment ago: joined, not ours to remove
        } catch (IOException e) {
            throw failure(field, "mkdir " + dir, e, root);
        }
    }

    /** runc's check: the CLOS group is one directory directly under the resctrl root. */
    private static void checkClosID(String closID) {
        if (closID.equals(".") || closID.equals("..") || closID.indexOf('/') >= 0 || closID.indexOf('\n') >= 0
                || closID.indexOf('\0') >= 0 || reserved(closID)) {
            throw new ResctrlException(FIELD + ".closID: invalid \"" + closID + "\": must name a group directly under "
                    + "the resctrl root (no '/', not \".\", \"..\", \"info\", \"mon_groups\" or \"mon_data\")");
        }
    }

    private static boolean reserved(String name) {
        for (String r : RESERVED) {
            if (r.equals(name)) return true;
        }
        return false;
    }

    /** The IO error with the kernel's own explanation from info/last_cmd_status, as runc reports it. */
    private static ResctrlException failure(String field, String what, IOException e, Path root) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason() : e.getMessage();
        if (e instanceof NoSuchFileException) reason = "No such file or directory";
        String status = root == null ? null : lastCmdStatus(root);
        if (status != null) reason = reason + " (last_cmd_status: " + status + ")";
        return new ResctrlException(field + ": " + what + ": " + reason);
    }

    private static String lastCmdStatus(Path root) {
        try {
            String status = Files.readString(root.resolve("info/last_cmd_status")).trim();
            return status.isEmpty() || status.equals("ok") ? null : status;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isDir(Path p) {
        return Files.isDirectory(p);
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}

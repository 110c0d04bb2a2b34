package dev.crema.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A container's cgroup: one leaf directory per hierarchy. crema creates the missing directories, remembers which
 * (the caller stores them), places processes by writing cgroup.procs, and removes only what it created.
 */
public final class Cgroup {
    private final String path;
    private final List<Hierarchy> hierarchies;
    private final List<Path> leaves;
    private final boolean ownParent;

    Cgroup(String path, List<Hierarchy> hierarchies, List<Path> leaves, boolean ownParent) {
        this.path = path;
        this.hierarchies = hierarchies;
        this.leaves = leaves;
        this.ownParent = ownParent;
    }

    /** A cgroup known only by its leaf directories, as stored in the state db. */
    public static Cgroup ofLeaves(List<String> leafPaths) {
        List<Path> leaves = new ArrayList<>();
        for (String p : leafPaths) leaves.add(Path.of(p));
        return new Cgroup(leafPaths.isEmpty() ? "" : leafPaths.getFirst(), List.of(), leaves, false);
    }

    /**
     * This cgroup in only the hierarchies where the caller may make it or already may place processes in it: a
     * rootless caller's cgroup where it was delegated (runc's rootless manager skips the others, as it skips a
     * directory it cannot make with EACCES, EPERM or EROFS). Checked with access(2), before anything is made.
     */
    public Cgroup delegatedOnly() {
        List<Hierarchy> keptHierarchies = new ArrayList<>();
        List<Path> keptLeaves = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            Path leaf = leaves.get(i);
            Path existing = leaf;
            while (existing != null && !Files.isDirectory(existing)) existing = existing.getParent();
            boolean writable = existing != null && (existing.equals(leaf)
                    ? Files.isWritable(leaf.resolve("cgroup.procs")) : Files.isWritable(existing));
            if (writable) {
                keptHierarchies.add(hierarchies.get(i));
                keptLeaves.add(leaf);
            }
        }
        return new Cgroup(path, List.copyOf(keptHierarchies), List.copyOf(keptLeaves), ownParent);
    }

    public List<Hierarchy> hierarchies() {
        return hierarchies;
    }

    public List<String> leafPaths() {
        List<String> out = new ArrayList<>();
        for (Path leaf : leaves) out.add(leaf.toString());
        return out;
    }

    /**
     * The directories crema owns for this container, parents before children: those that do not exist yet and
     * create() will make, plus crema's default parent (/crema), which stays crema's whoever made it.
     */
    public List<String> missingDirs() {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            Path mount = hierarchies.get(i).mountPoint();
            List<Path> chain = new ArrayList<>();
            for (Path p = leaves.get(i); p != null && !p.equals(mount) && p.startsWith(mount); p = p.getParent()) {
                chain.addFirst(p);
            }
            for (Path p : chain) {
                boolean ownedParent = ownParent && p.equals(leaves.get(i).getParent());
                if (ownedParent || !Files.isDirectory(p)) missing.add(p.toString());
            }
        }
        return missing;
    }

    /**
     * Makes the missing directories; returns those crema owns now, parents before children: the ones this call
     * made, plus crema's default parent. A directory another process made meanwhile is not among them, so
     * delete never removes a cgroup crema did not create.
     */
    public List<String> create() {
        List<String> owned = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            Hierarchy h = hierarchies.get(i);
            Path mount = h.mountPoint();
            List<Path> chain = new ArrayList<>();
            for (Path p = leaves.get(i); !p.equals(mount); p = p.getParent()) chain.addFirst(p);
            int restarts = 0;
            for (int c = 0; c < chain.size(); c++) {
                Path dir = chain.get(c);
                if (ownParent && dir.equals(leaves.get(i).getParent()) && !owned.contains(dir.toString())) {
                    owned.add(dir.toString());
                }
                if (!Files.isDirectory(dir)) {
                    try {
                        Files.createDirectory(dir);
                        if (!owned.contains(dir.toString())) owned.add(dir.toString());
                    } catch (java.nio.file.FileAlreadyExistsException raced) {
                        // another container made the same parent at the same time
                    } catch (NoSuchFileException raced) {
                        // the delete of the last other container under crema's parent removed it just now
                        if (++restarts > 10) throw failure("mkdir " + dir, raced);
                        c = -1;
                        continue;
                    } catch (IOException e) {
                        throw failure("mkdir " + dir, e);
                    }
                }
                // as runc's cpuset ensureParent: every directory on the way, crema's or not, made now or a
                // moment ago by a parallel create, gets its parent's cpus and mems if it has none, or the
                // container's process could not join (ENOSPC)
                if (isCpuset(h)) {
                    try {
                        inheritCpuset(dir);
                    } catch (NoSuchFileException raced) {
                        // removed under us by the delete of the last other container, as for mkdir above
                        if (++restarts > 10) throw failure("initialise " + dir, raced);
                        c = -1;
                    }
                }
            }
        }
        return owned;
    }

    /** A new v1 cpuset cgroup starts with no cpus and mems and refuses tasks until given its parent's. */
    private void inheritCpuset(Path dir) throws NoSuchFileException {
        for (String file : new String[] {"cpuset.cpus", "cpuset.mems"}) {
            Path own = dir.resolve(file);
            try {
                if (!Files.readString(own).isBlank()) continue;
                Files.writeString(own, Files.readString(dir.getParent().resolve(file)).trim());
            } catch (NoSuchFileException gone) {
                throw gone;
            } catch (IOException e) {
                // a cpuset rmdir'd between our open and write answers ENODEV: the same race as a missing file
                if (!Files.isDirectory(dir) || isNoSuchDevice(e)) {
                    throw new NoSuchFileException(own.toString(), null, "removed while initialising");
                }
                throw failure("initialise " + own, e);
            }
        }
    }

    private static boolean isCpuset(Hierarchy h) {
        for (String c : h.controllers().split(",")) {
            if (c.equals("cpuset")) return true;
        }
        return false;
    }

    public void addProcess(int pid) {
        addProcess(pid, java.util.Set.of());
    }

    /** Places the process in every leaf except those it is in already (the init's own doing). */
    public void addProcess(int pid, Set<String> alreadyIn) {
        for (Path leaf : leaves) {
            if (alreadyIn.contains(leaf.toString())) continue;
            Path procs = leaf.resolve("cgroup.procs");
            try {
                Files.writeString(procs, Integer.toString(pid), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw failure("write " + procs, e);
            }
        }
    }

    /**
     * Every pid in any of the container's hierarchies (a process may linger in one after leaving another),
     * sub-cgroups the container made included, as runc's GetAllPids.
     */
    public List<Integer> pids() {
        Set<Integer> pids = new LinkedHashSet<>();
        for (Path leaf : leaves) {
            for (Path dir : treeDeepestFirst(leaf)) {
                try {
                    for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                        if (!line.isBlank()) pids.add(Integer.parseInt(line.trim()));
                    }
                } catch (NoSuchFileException e) {
                    // already removed
                } catch (IOException e) {
                    // a cgroup being removed answers ENODEV: a systemd scope whose last process just died goes so
                    if (isNoSuchDevice(e)) continue;
                    throw failure("read " + dir.resolve("cgroup.procs"), e);
                }
            }
        }
        return new ArrayList<>(pids);
    }

    /** How many processes the OOM killer has killed in the container's memory cgroup, which is {@code dir}. */
    public record OomKills(Path dir, long count) {}

    /**
     * The memory cgroup's oom_kill counter (v1 memory.oom_control, v2 memory.events), or null when no hierarchy
     * of the container has one (no memory controller, or a kernel older than the counter).
     */
    public OomKills oomKills() {
        for (Path leaf : leaves) {
            for (String file : new String[] {"memory.oom_control", "memory.events"}) {
                try {
                    for (String line : Files.readAllLines(leaf.resolve(file))) {
                        if (line.startsWith("oom_kill ")) return new OomKills(leaf, Long.parseLong(line.substring(9).trim()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // not this hierarchy's file, or gone: look further
                }
            }
        }
        return null;
    }

    /** The directory and every cgroup under it, children before their parents (the order rmdir needs). */
    static List<Path> treeDeepestFirst(Path top) {
        List<Path> out = new ArrayList<>();
        addTree(top, out);
        return out;
    }

    private static void addTree(Path dir, List<Path> out) {
        try (var children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                // cgroup files are regular files; sub-cgroups are directories (never symlinks in cgroupfs)
                if (Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) addTree(child, out);
            }
        } catch (IOException e) {
            // gone meanwhile, or not a directory: nothing under it
        }
        out.add(dir);
    }

    /**
     * What create must refuse or warn about in cgroups that already exist, as runc: a frozen one (the container
     * could never start; runc's "container's cgroup unexpectedly frozen"), and processes already in it (a
     * warning). Returns the warnings.
     */
    public List<String> checkExisting() {
        List<String> warnings = new ArrayList<>();
        int processes = 0;
        for (Path leaf : leaves) {
            if (!Files.isDirectory(leaf)) continue;
            if (frozen(leaf)) throw new CgroupException("linux.cgroupsPath " + path + ": container's cgroup unexpectedly frozen");
            processes = Math.max(processes, pidsIn(leaf));
        }
        if (processes > 0) warnings.add("container's cgroup is not empty: " + processes + " process(es) found");
        return warnings;
    }

    private static boolean frozen(Path dir) {
        try {
            Path v1 = dir.resolve("freezer.state");
            if (Files.exists(v1)) return !Files.readString(v1).trim().equals("THAWED");
            Path v2 = dir.resolve("cgroup.freeze");
            return Files.exists(v2) && Files.readString(v2).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    private static int pidsIn(Path dir) {
        int n = 0;
        for (Path d : treeDeepestFirst(dir)) {
            try {
                for (String line : Files.readAllLines(d.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) n++;
                }
            } catch (IOException e) {
                // removed meanwhile
            }
        }
        return n;
    }

    /**
     * Removes the directories crema created, deepest first. A leaf may stay busy for a moment after its last
     * process died, so busy directories are retried; a parent still holding another container's cgroup is left.
     */
    public void destroy(List<String> createdDirs) {
        Set<String> leafSet = new LinkedHashSet<>(leafPaths());
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            Path dir = Path.of(createdDirs.get(i));
            boolean leaf = leafSet.contains(dir.toString());
            if (leaf) removeSubCgroups(dir);
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    if (!leaf) break; // holds another container's cgroup: not ours to remove
                    if (attempt >= 100) throw failure("rmdir " + dir, e);
                    sleep();
                }
            }
        }
    }

    /**
     * The cgroups the container made under its own (a leaf crema created; one it was only given is left as it
     * is), deepest first; by now their processes are gone with the container's, as the leaf's are.
     */
    private void removeSubCgroups(Path leaf) {
        for (Path dir : treeDeepestFirst(leaf)) {
            if (dir.equals(leaf)) continue;
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    if (attempt >= 100) throw failure("rmdir " + dir, e);
                    sleep();
                }
            }
        }
    }

    /**
     * ENODEV, which a cgroup answers once it is being removed. Java has no errno: an open reports it as a
     * FileSystemException's reason, a read or write on an open file as a plain IOException's message.
     */
    private static boolean isNoSuchDevice(IOException e) {
        String text = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return "No such device".equals(text);
    }

    private CgroupException failure(String what, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        if (e instanceof NoSuchFileException) reason = "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) reason = "permission denied";
        return new CgroupException("linux.cgroupsPath " + path + ": " + what + ": " + reason);
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

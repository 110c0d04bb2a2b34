package dev.crema.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Freezes and thaws a container's processes: the v1 freezer controller when the host mounts it (freezer.state),
 * else cgroup v2's cgroup.freeze (with cgroup.events telling when the freeze is complete).
 */
public final class Freezer {
    private final Path dir;
    private final boolean v1;

    private Freezer(Path dir, boolean v1) {
        this.dir = dir;
        this.v1 = v1;
    }

    /** The freezer among a container's cgroup directories, or null when the host has none. */
    public static Freezer of(List<String> leafPaths) {
        for (String leaf : leafPaths) {
            if (Files.exists(Path.of(leaf, "freezer.state"))) return new Freezer(Path.of(leaf), true);
        }
        for (String leaf : leafPaths) {
            if (Files.exists(Path.of(leaf, "cgroup.freeze"))) return new Freezer(Path.of(leaf), false);
        }
        return null;
    }

    public boolean isFrozen() {
        try {
            if (v1) return Files.readString(dir.resolve("freezer.state")).trim().equals("FROZEN");
            return Files.readString(dir.resolve("cgroup.freeze")).trim().equals("1");
        } catch (IOException e) {
            return false; // the cgroup is gone with its container
        }
    }

    public void freeze() {
        set(true);
    }

    public void thaw() {
        set(false);
    }

    /** Writes the state and waits (up to 5 s) until the kernel reports every task in it. */
    private void set(boolean frozen) {
        Path file = dir.resolve(v1 ? "freezer.state" : "cgroup.freeze");
        String value = v1 ? (frozen ? "FROZEN" : "THAWED") : (frozen ? "1" : "0");
        try {
            Files.writeString(file, value);
            for (int i = 0; i < 500; i++) {
                if (reached(frozen)) return;
                if (v1 && frozen && i % 10 == 9) Files.writeString(file, value); // v1 may need a nudge while tasks fork
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new CgroupException("write " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new CgroupException("cgroup " + dir + " did not become " + (frozen ? "frozen" : "thawed") + " within 5 s");
    }

    private boolean reached(boolean frozen) throws IOException {
        if (v1) return Files.readString(dir.resolve("freezer.state")).trim().equals(frozen ? "FROZEN" : "THAWED");
        for (String line : Files.readAllLines(dir.resolve("cgroup.events"))) {
            if (line.startsWith("frozen ")) return line.endsWith(frozen ? " 1" : " 0");
        }
        return false;
    }
}

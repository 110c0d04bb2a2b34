package dev.crema.container;

import dev.crema.cgroups.CgroupLayout;
import dev.crema.cgroups.Hierarchy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * exec --cgroup, as runc 1.1.5 takes it: "path" puts the process in that sub-cgroup of the container's cgroup in
 * every hierarchy; "ctrl[,ctrl]:path" (repeatable, each controller once) only in those controllers' hierarchies,
 * the others keep the container's own directory. The sub-cgroups must exist: exec does not create them.
 */
final class SubCgroups {
    private SubCgroups() {}

    /** The directories the exec'd process joins, one per container leaf. */
    static List<String> leaves(List<String> containerLeaves, List<String> arguments) {
        if (arguments.isEmpty()) return containerLeaves;
        Map<String, String> byController = parse(arguments);
        List<Hierarchy> hierarchies = CgroupLayout.detect().hierarchies();
        List<String> out = new ArrayList<>();
        for (String leaf : containerLeaves) {
            String sub = byController.get("");
            if (sub == null) sub = forHierarchy(byController, hierarchyOf(hierarchies, Path.of(leaf)));
            if (sub == null) {
                out.add(leaf);
                continue;
            }
            Path dir = Path.of(leaf).resolve(sub).normalize();
            if (!Files.isDirectory(dir)) {
                throw ContainerException.invalid("--cgroup " + sub + ": " + dir + ": no such file or directory");
            }
            out.add(dir.toString());
        }
        return out;
    }

    private static Map<String, String> parse(List<String> arguments) {
        Map<String, String> paths = new HashMap<>();
        for (String argument : arguments) {
            String[] parts = argument.split(":", -1);
            if (parts.length > 2) throw ContainerException.invalid("invalid --cgroup argument: " + argument);
            String path = parts[parts.length - 1];
            for (String segment : path.split("/")) {
                if (segment.equals("..")) throw ContainerException.invalid("invalid --cgroup argument: " + argument + " (\"..\")");
            }
            while (path.startsWith("/")) path = path.substring(1);
            if (parts.length == 1) {
                if (arguments.size() != 1) {
                    throw ContainerException.invalid("invalid --cgroup argument: " + argument + " (missing <controller>: prefix)");
                }
                paths.put("", path);
                continue;
            }
            for (String controller : parts[0].split(",", -1)) {
                if (controller.isEmpty()) {
                    throw ContainerException.invalid("invalid --cgroup argument: " + argument + " (empty <controller> prefix)");
                }
                if (paths.put(controller, path) != null) {
                    throw ContainerException.invalid("invalid --cgroup argument(s): controller " + controller + " specified multiple times");
                }
            }
        }
        return paths;
    }

    private static Hierarchy hierarchyOf(List<Hierarchy> hierarchies, Path leaf) {
        Hierarchy best = null;
        for (Hierarchy h : hierarchies) {
            if (leaf.startsWith(h.mountPoint()) && (best == null || h.mountPoint().getNameCount() > best.mountPoint().getNameCount())) {
                best = h;
            }
        }
        return best;
    }

    /** The sub-path named for one of the hierarchy's controllers (v2: none, it has only the unprefixed form). */
    private static String forHierarchy(Map<String, String> byController, Hierarchy h) {
        if (h == null || h.isV2()) return null;
        for (String controller : h.controllers().split(",")) {
            String sub = byController.get(controller);
            if (sub != null) return sub;
        }
        return null;
    }
}

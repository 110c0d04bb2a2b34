package dev.crema.container;

import dev.crema.spec.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An exec'd process in a container with its own user namespace can only become a user that namespace maps: as
 * runc's setupUser, refused with its words before anything starts, rather than as EINVAL from setresuid.
 */
final class MappedUser {
    private MappedUser() {}

    static void check(int initPid, User user) {
        if (!mapped(initPid, "uid_map", user.uid())) {
            throw ContainerException.invalid("process.user.uid: cannot set uid to unmapped user in user namespace");
        }
        if (!mapped(initPid, "gid_map", user.gid())) {
            throw ContainerException.invalid("process.user.gid: cannot set gid to unmapped user in user namespace");
        }
    }

    /** Whether the map (lines "inside outside count", as the container's namespace sees them) holds the id. */
    private static boolean mapped(int pid, String file, long id) {
        String text;
        try {
            text = Files.readString(Path.of("/proc/" + pid + "/" + file));
        } catch (IOException e) {
            return true; // gone: the exec fails where it joins, with its own words
        }
        for (String line : text.split("\n")) {
            java.util.List<String> f = dev.crema.plan.Caller.words(line);
            if (f.size() < 3) continue;
            long inside = Long.parseLong(f.get(0));
            long count = Long.parseLong(f.get(2));
            if (id >= inside && id - inside < count) return true;
        }
        return false;
    }
}

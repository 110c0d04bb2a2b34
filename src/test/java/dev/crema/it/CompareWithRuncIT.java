package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same bundle under runc and crema must give the same answers from inside. */
class CompareWithRuncIT extends ContainerTest {
    private static final String PROBE = "id; hostname; umask; ulimit -n; ulimit -Hn; "
            + "grep -E '^(Cap|NoNewPrivs|Seccomp:)' /proc/self/status; echo $$; cat /proc/self/oom_score_adj; "
            + "ls /dev | tr '\\n' ' '; echo; ls /proc/self/fd | tr '\\n' ' '; echo; "
            + "cat /proc/self/uid_map; wc -c < /proc/timer_list; "
            + "grep -E ' / | /proc | /sys | /dev | /dev/pts | /dev/shm | /dev/mqueue ' /proc/self/mountinfo | cut -d' ' -f5,6 | sort";

    @Test
    void sameAnswersAsRuncForTheBaseBundle() {
        assertSameAsRunc();
    }

    @Test
    void sameAnswersAsRuncForANonRootUserWithAmbientCaps() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", 1000);
        user.put("gid", 1000);
        user.put("additionalGids", List.of(5));
        user.put("umask", 077);
        bundle.process().put("user", user);
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("bounding", List.of("CAP_KILL", "CAP_NET_BIND_SERVICE"));
        caps.put("effective", List.of("CAP_NET_BIND_SERVICE"));
        caps.put("permitted", List.of("CAP_NET_BIND_SERVICE"));
        caps.put("inheritable", List.of("CAP_NET_BIND_SERVICE"));
        caps.put("ambient", List.of("CAP_NET_BIND_SERVICE"));
        bundle.process().put("capabilities", caps);
        bundle.process().put("oomScoreAdj", 100);
        bundle.config.put("root", new LinkedHashMap<>(Map.of("path", "rootfs", "readonly", true)));
        assertSameAsRunc();
    }

    private void assertSameAsRunc() {
        Requirement.needProgram("/usr/sbin/runc", "runc");
        bundle.script(PROBE).write();
        String fromCrema = runContainer().ok().stdout();
        Path runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
        String id = "crema-it-runc-" + ProcessHandle.current().pid();
        Crema.Result fromRunc = Crema.exec(List.of("runc", "--root", runcRoot.toString(), "run", "--bundle",
                bundle.dir.toString(), id), null);
        Crema.exec(List.of("runc", "--root", runcRoot.toString(), "delete", "--force", id), null);
        Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
        assertEquals(fromRunc.ok().stdout(), fromCrema);
    }
}

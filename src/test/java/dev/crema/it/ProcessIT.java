package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** process.*: checked from inside the container. */
class ProcessIT extends ContainerTest {

    private static String statusLine(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim();
        }
        throw new AssertionError(key + " not in " + status);
    }

    @Test
    void capabilitiesAreExactlyTheConfiguredSets() {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("bounding", List.of("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN"));
        caps.put("effective", List.of("CAP_KILL", "CAP_CHOWN"));
        caps.put("permitted", List.of("CAP_KILL", "CAP_CHOWN"));
        caps.put("inheritable", List.of("CAP_KILL"));
        caps.put("ambient", List.of("CAP_KILL"));
        bundle.process().put("capabilities", caps);
        bundle.process().put("user", new LinkedHashMap<>(Map.of("uid", 1000, "gid", 1000)));
        String status = output("cat /proc/self/status");
        // CAP_CHOWN=0, CAP_KILL=5, CAP_NET_BIND_SERVICE=10
        assertEquals("0000000000000421", statusLine(status, "CapBnd"));
        assertEquals("0000000000000020", statusLine(status, "CapInh"));
        assertEquals("0000000000000020", statusLine(status, "CapAmb"));
        // a non-root exec keeps only the ambient set in permitted and effective
        assertEquals("0000000000000020", statusLine(status, "CapPrm"));
        assertEquals("0000000000000020", statusLine(status, "CapEff"));
        assertEquals("1", statusLine(status, "NoNewPrivs"));
    }

    @Test
    void rootGetsTheBoundingSetAndNoNewPrivsOnlyWhenAsked() {
        bundle.process().put("noNewPrivileges", false);
        String status = output("cat /proc/self/status");
        // CAP_KILL=5, CAP_NET_BIND_SERVICE=10, CAP_AUDIT_WRITE=29
        assertEquals("0000000020000420", statusLine(status, "CapBnd"));
        assertEquals("0000000020000420", statusLine(status, "CapEff"));
        assertEquals("0000000000000000", statusLine(status, "CapInh"));
        assertEquals("0", statusLine(status, "NoNewPrivs"));
    }

    @Test
    void userGroupsUmaskCwdAndEnvAreApplied() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", 1234);
        user.put("gid", 2345);
        user.put("umask", 0027);
        user.put("additionalGids", List.of(11, 12));
        bundle.process().put("user", user);
        bundle.process().put("cwd", "/tmp");
        List<Object> env = new ArrayList<>((List<?>) bundle.process().get("env"));
        env.add("GREETING=hi there");
        bundle.process().put("env", env);
        String out = output("id -u; id -g; id -G; umask; pwd; echo \"$GREETING\"");
        assertEquals("1234\n2345\n2345 11 12\n0027\n/tmp\nhi there", out);
    }

    @Test
    void rlimitsAndOomScoreAdjAreSet() {
        bundle.process().put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "soft", 321, "hard", 654),
                Map.of("type", "RLIMIT_CORE", "soft", 0, "hard", 0)));
        bundle.process().put("oomScoreAdj", 123);
        assertEquals("321\n654\n0\n123", output("ulimit -n; ulimit -Hn; ulimit -c; cat /proc/self/oom_score_adj"));
    }

    @Test
    void argsAreLookedUpInTheContainersPath() {
        bundle.process().put("env", List.of("PATH=/bin"));
        bundle.process().put("args", List.of("echo", "found", "via", "PATH"));
        assertEquals("found via PATH", runContainer().ok().stdout().trim());
    }

    @Test
    void noHostFileDescriptorReachesTheContainer() {
        // ls opens the directory itself: 0, 1, 2 and that one fd are all there may be
        String fds = output("ls /proc/self/fd | sort -n | tr '\\n' ' '");
        assertEquals("0 1 2 3", fds);
    }
}

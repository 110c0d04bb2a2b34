package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The config.json and process.json files podman 4.3, containerd 1.6 and docker 20.10 handed crema (see Samples). */
class EngineSamplesTest {

    static Spec config(String engine) {
        return SpecParser.parseFile(Samples.dir().resolve(engine + "-config.json"));
    }

    static Process process(String engine) {
        return SpecParser.parseProcess(Samples.read(engine + "-process.json"));
    }

    @Test
    void parsesEverySampleFile() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Samples.dir())) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int configs = 0;
        int processes = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith("-config.json")) {
                Spec spec = SpecParser.parseFile(file);
                assertNotNull(spec.root(), name);
                assertNotNull(spec.process(), name);
                assertNotNull(spec.linux(), name);
                configs++;
            } else if (name.endsWith("-process.json")) {
                assertFalse(SpecParser.parseProcess(Files.readString(file)).args().isEmpty(), name);
                processes++;
            }
        }
        assertTrue(configs >= 4, "configs: " + files);
        assertTrue(processes >= 3, "processes: " + files);
    }

    @Test
    void podmanConfigCarriesRlimitsUmaskAndPidsLimit() {
        Spec spec = config("podman");
        assertEquals("1.0.2-dev", spec.ociVersion());
        Process p = spec.process();
        assertEquals(List.of(new POSIXRlimit("RLIMIT_NOFILE", 1024, 1024), new POSIXRlimit("RLIMIT_NPROC", 1024, 1024)),
                p.rlimits());
        assertEquals(18L, p.user().umask());
        assertEquals(List.of("echo", "hello"), p.args());
        assertEquals(11, p.capabilities().bounding().size());
        assertTrue(p.capabilities().ambient().isEmpty());
        assertFalse(p.terminal());
        assertNull(p.oomScoreAdj());
        assertEquals(2048L, spec.linux().resources().pidsLimit());
        assertEquals("0 0", spec.linux().sysctl().get("net.ipv4.ping_group_range"));
        assertEquals("libpod", spec.annotations().get("io.container.manager"));
        assertEquals("io.container.manager", spec.annotations().keySet().iterator().next());
        List<String> types = new ArrayList<>();
        for (LinuxNamespace ns : spec.linux().namespaces()) types.add(ns.type());
        assertEquals(List.of("pid", "network", "ipc", "uts", "mount"), types);
        Mount cgroup = spec.mounts().get(spec.mounts().size() - 1);
        assertEquals(new Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                List.of("rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"), List.of(), List.of()), cgroup);
    }

    @Test
    void podmanSeccompKeepsDefaultErrnoAndArgumentValues() {
        LinuxSeccomp seccomp = config("podman").linux().seccomp();
        assertEquals("SCMP_ACT_ERRNO", seccomp.defaultAction());
        assertEquals(38L, seccomp.defaultErrnoRet());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), seccomp.architectures());
        assertTrue(seccomp.syscalls().stream().anyMatch(s -> s.args().stream().anyMatch(a -> a.value() == 4294967295L)));
        LinuxSeccomp.Syscall socketRule = seccomp.syscalls().stream()
                .filter(s -> s.names().equals(List.of("socket")) && s.errnoRet() != null).findFirst().orElseThrow();
        assertEquals(22L, socketRule.errnoRet());
        assertEquals(List.of(new LinuxSeccomp.Arg(0, 16, 0, "SCMP_CMP_EQ"), new LinuxSeccomp.Arg(2, 9, 0, "SCMP_CMP_EQ")),
                socketRule.args());
    }

    @Test
    void dockerConfigHasSeccompHooksAndResources() {
        Spec spec = config("docker");
        LinuxSeccomp seccomp = spec.linux().seccomp();
        assertTrue(seccomp.syscalls().size() > 0);
        assertTrue(seccomp.syscalls().stream().mapToInt(s -> s.names().size()).sum() > 300);
        assertTrue(seccomp.syscalls().stream().flatMap(s -> s.args().stream()).anyMatch(a -> a.op().equals("SCMP_CMP_MASKED_EQ")));
        Hooks.Hook hook = spec.hooks().prestart().get(0);
        assertTrue(hook.path().matches("/proc/[0-9]+/exe"), hook.path());
        assertEquals("libnetwork-setkey", hook.args().get(0));
        assertNull(hook.timeout());
        assertTrue(spec.hooks().poststop().isEmpty());
        assertEquals(0, spec.process().oomScoreAdj());
        LinuxResources resources = spec.linux().resources();
        assertEquals(Boolean.FALSE, resources.memory().disableOOMKiller());
        assertNull(resources.memory().limit());
        assertEquals(0L, resources.cpu().shares());
        assertEquals(0L, resources.blockIO().weight());
        assertEquals(new LinuxResources.DeviceRule(false, "c", 10L, 229L, "rwm"), resources.devices().getLast());
        assertEquals(new LinuxResources.DeviceRule(false, null, null, null, "rwm"), resources.devices().get(0));
        // docker names the host after the container id, which is also the cgroup's name
        assertEquals(spec.linux().cgroupsPath().substring("/docker/".length()).substring(0, 12), spec.hostname());
        assertNull(spec.domainname());
        assertEquals(List.of("rbind", "rprivate"), spec.mounts().get(7).options());
    }

    @Test
    void containerdConfigNamespacesAndDevices() {
        Spec spec = config("containerd");
        assertEquals(new Root("rootfs", false), spec.root());
        assertEquals(List.of(new LinuxNamespace("pid", null), new LinuxNamespace("ipc", null), new LinuxNamespace("uts", null),
                new LinuxNamespace("mount", null), new LinuxNamespace("network", null)), spec.linux().namespaces());
        assertEquals("/default/c1", spec.linux().cgroupsPath());
        LinuxResources.DeviceRule pts = spec.linux().resources().devices().get(8);
        assertEquals(136L, pts.major());
        assertNull(pts.minor());
        assertEquals(1024L, spec.linux().resources().cpu().shares());
        assertTrue(spec.linux().devices().isEmpty());
        assertNull(spec.linux().seccomp());
        assertNull(spec.hooks());
        assertTrue(spec.annotations().isEmpty());
        assertTrue(spec.process().noNewPrivileges());
        assertEquals(List.of(0L), spec.process().user().additionalGids());
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                spec.linux().readonlyPaths());
    }

    @Test
    void processFilesForExec() {
        Process containerd = process("containerd");
        assertEquals(List.of("echo", "hi"), containerd.args());
        assertEquals(List.of(new POSIXRlimit("RLIMIT_NOFILE", 1024, 1024)), containerd.rlimits());
        assertTrue(containerd.noNewPrivileges());
        assertEquals("/", containerd.cwd());
        assertEquals(0, process("docker").oomScoreAdj());
        Process podman = process("podman");
        assertEquals(new User(0, 0, null, List.of(), null), podman.user());
        assertEquals(List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"),
                podman.capabilities().effective());
    }
}

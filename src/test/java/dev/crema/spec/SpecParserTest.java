package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecParserTest {
    private static final String MINIMAL = """
            {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
             "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}]}%s}
            """;

    /** A config that sets every Linux field of runtime-spec 1.2 (and a few that main ignores). */
    static final String EVERYTHING = """
            {
              "ociVersion": "1.2.0",
              "process": {
                "terminal": true,
                "consoleSize": {"height": 25, "width": 80},
                "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [5, 4294967295], "username": "u"},
                "args": ["/bin/sh", "-c", "echo \\u00e9\\ud83d\\ude00"],
                "commandLine": "sh",
                "env": ["PATH=/bin", "TERM=xterm"],
                "cwd": "/home/u",
                "capabilities": {
                  "bounding": ["CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"],
                  "effective": ["CAP_KILL"],
                  "inheritable": [],
                  "permitted": ["CAP_KILL", "CAP_SYS_ADMIN"],
                  "ambient": ["CAP_NET_BIND_SERVICE"]
                },
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 1024}],
                "noNewPrivileges": true,
                "apparmorProfile": "acme",
                "oomScoreAdj": -999,
                "scheduler": {"policy": "SCHED_DEADLINE", "nice": -5, "priority": 3, "flags": ["SCHED_FLAG_RECLAIM"],
                              "runtime": 100, "deadline": 200, "period": 300},
                "selinuxLabel": "system_u:system_r:container_t:s0",
                "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
                "execCPUAffinity": {"initial": "0-1", "final": "3"}
              },
              "root": {"path": "/var/rootfs", "readonly": true},
              "hostname": "box",
              "domainname": "example.org",
              "mounts": [
                {"destination": "/data", "type": "none", "source": "/srv", "options": ["rbind", "ro"],
                 "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
                 "gidMappings": [{"containerID": 0, "hostID": 200000, "size": 65536}]}
              ],
              "hooks": {
                "prestart": [{"path": "/bin/pre"}],
                "createRuntime": [{"path": "/bin/cr", "args": ["cr", "x"], "env": ["A=1"], "timeout": 5}],
                "createContainer": [{"path": "/bin/cc"}],
                "startContainer": [{"path": "/bin/sc"}],
                "poststart": [{"path": "/bin/ps"}],
                "poststop": [{"path": "/bin/pst"}, {"path": "/bin/pst2"}]
              },
              "annotations": {"z": "1", "a": "2"},
              "linux": {
                "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
                "gidMappings": [{"containerID": 0, "hostID": 1001, "size": 2}],
                "sysctl": {"net.ipv4.ip_forward": "1", "kernel.shmmax": "100"},
                "resources": {
                  "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw"}],
                  "memory": {"limit": 536870912, "reservation": 1, "swap": -1, "kernel": 2, "kernelTCP": 3, "swappiness": 60,
                             "disableOOMKiller": true, "useHierarchy": false, "checkBeforeUpdate": true},
                  "cpu": {"shares": 1024, "quota": -1, "burst": 5, "period": 100000, "realtimeRuntime": 950000,
                          "realtimePeriod": 1000000, "cpus": "0-3", "mems": "0", "idle": 1},
                  "pids": {"limit": -1},
                  "blockIO": {"weight": 500, "leafWeight": 300,
                              "weightDevice": [{"major": 8, "minor": 0, "weight": 100}],
                              "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}],
                              "throttleWriteBpsDevice": [{"major": 8, "minor": 16, "rate": 2}],
                              "throttleReadIOPSDevice": [{"major": 8, "minor": 32, "rate": 3}],
                              "throttleWriteIOPSDevice": [{"major": 8, "minor": 48, "rate": 4}]},
                  "hugepageLimits": [{"pageSize": "2MB", "limit": 209715200}],
                  "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}]},
                  "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
                  "unified": {"memory.high": "max", "io.weight": "100"}
                },
                "cgroupsPath": "/crema/c1",
                "namespaces": [{"type": "pid"}, {"type": "network", "path": "/var/run/netns/n1"}, {"type": "mount"},
                               {"type": "ipc"}, {"type": "uts"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}],
                "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}],
                "seccomp": {
                  "defaultAction": "SCMP_ACT_ERRNO",
                  "defaultErrnoRet": 1,
                  "architectures": ["SCMP_ARCH_X86_64"],
                  "flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
                  "listenerPath": "/run/seccomp.sock",
                  "listenerMetadata": "meta",
                  "syscalls": [{"names": ["getcwd", "chmod"], "action": "SCMP_ACT_ALLOW"},
                               {"names": ["mount"], "action": "SCMP_ACT_NOTIFY", "errnoRet": 38,
                                "args": [{"index": 1, "value": 255, "valueTwo": 4, "op": "SCMP_CMP_MASKED_EQ"}]}]
                },
                "rootfsPropagation": "rslave",
                "maskedPaths": ["/proc/kcore"],
                "readonlyPaths": ["/proc/sys"],
                "mountLabel": "system_u:object_r:container_file_t:s0",
                "intelRdt": {"closID": "guaranteed", "l3CacheSchema": "L3:0=7f0", "memBwSchema": "MB:0=20",
                             "schemata": ["L2:0=f"], "enableMonitoring": true, "enableCMT": true, "enableMBM": false},
                "personality": {"domain": "LINUX32", "flags": []},
                "timeOffsets": {"monotonic": {"secs": -86400, "nanosecs": 5}, "boottime": {"secs": 7}},
                "netDevices": {"eth1": {"name": "ceth1"}, "ens4": {}},
                "memoryPolicy": {"mode": "MPOL_INTERLEAVE", "nodes": "0-3", "flags": ["MPOL_F_STATIC_NODES"]}
              }
            }""";

    private static Spec parse(String extra) {
        return SpecParser.parse(MINIMAL.formatted(extra));
    }

    private static String error(String json) {
        return assertThrows(ConfigException.class, () -> SpecParser.parse(json)).getMessage();
    }

    @Test
    void relativeMountDestinationsAreWarnedOfOneByOne() {
        List<Mount> mounts = List.of(new Mount("/proc", "proc", "proc", List.of(), List.of(), List.of()),
                new Mount("data", "tmpfs", "tmpfs", List.of(), List.of(), List.of()));
        assertEquals(List.of("mounts[1].destination: \"data\" is not absolute, taken as relative to \"/\"; relative mount"
                + " destinations are deprecated and may be refused in a future release"), Mount.relativeDestinationWarnings(mounts));
        assertEquals(List.of(), Mount.relativeDestinationWarnings(mounts.subList(0, 1)));
    }

    @Test
    void parsesEveryPodmanConfig() {
        for (String name : new String[] {"podman-config.json", "podman-extra-config.json"}) {
            Spec spec = SpecParser.parse(Samples.read(name));
            assertFalse(spec.process().args().isEmpty(), name);
            assertTrue(spec.process().rlimits().stream().anyMatch(r -> r.type().equals("RLIMIT_NOFILE")), name);
            assertTrue(spec.process().capabilities().bounding().contains("CAP_CHOWN"));
            assertFalse(spec.mounts().isEmpty());
            assertNotNull(spec.linux());
        }
    }

    @Test
    void podmanValuesArriveTyped() {
        Spec spec = SpecParser.parse(Samples.read("podman-config.json"));
        assertEquals(List.of("echo", "hello"), spec.process().args());
        assertEquals(new POSIXRlimit("RLIMIT_NOFILE", 1024, 1024), spec.process().rlimits().getFirst());
        assertEquals(18L, spec.process().user().umask());
    }

    @Test
    void parsesDockerConfigWithItsSeccompProfile() {
        Spec spec = SpecParser.parse(Samples.read("docker-config.json"));
        assertNotNull(spec.linux().seccomp());
        assertTrue(spec.linux().seccomp().syscalls().size() > 0);
        assertFalse(spec.linux().maskedPaths().isEmpty());
    }

    @Test
    void parsesContainerdConfig() {
        Spec spec = SpecParser.parse(Samples.read("containerd-config.json"));
        List<String> types = spec.linux().namespaces().stream().map(LinuxNamespace::type).toList();
        assertTrue(types.contains("pid") && types.contains("mount"), types.toString());
    }

    @Test
    void parsesEveryEngineProcessJson() {
        for (String name : new String[] {"podman-process.json", "docker-process.json", "containerd-process.json"}) {
            Process process = SpecParser.parseProcess(Samples.read(name));
            assertFalse(process.args().isEmpty(), name);
            assertTrue(process.cwd().startsWith("/"), name);
        }
    }

    @Test
    void optionalFieldsAreNullOrEmpty() {
        Spec spec = parse("");
        assertNull(spec.hostname());
        assertNull(spec.process().oomScoreAdj());
        assertNull(spec.process().user().umask());
        assertEquals(List.of(), spec.mounts());
        assertNull(spec.linux().resources());
        assertFalse(spec.process().noNewPrivileges());
    }

    @Test
    void rejectsNegativeUid() {
        String json = MINIMAL.formatted("").replace("\"uid\": 0", "\"uid\": -1");
        assertEquals("process.user.uid: expected an integer from 0 to 4294967295, got -1", error(json));
    }

    @Test
    void rejectsAStringWhereANumberBelongs() {
        String json = MINIMAL.formatted("").replace("\"gid\": 0", "\"gid\": \"root\"");
        assertEquals("process.user.gid: expected an integer from 0 to 4294967295, got \"root\"", error(json));
    }

    @Test
    void requiredFieldsAreNamed() {
        assertEquals("ociVersion: required", error("{}"));
        assertEquals("mounts[1].destination: required",
                error(MINIMAL.formatted(", \"mounts\": [{\"destination\": \"/a\"}, {\"type\": \"tmpfs\"}]")));
    }

    @Test
    void unknownNamespaceTypeIsNamed() {
        String json = MINIMAL.formatted("").replace("{\"type\": \"mount\"}", "{\"type\": \"mount\"}, {\"type\": \"foo\"}");
        assertTrue(error(json).startsWith("linux.namespaces[1].type: namespace type \"foo\" does not exist"));
    }

    @Test
    void duplicateNamespaceIsRefused() {
        String json = MINIMAL.formatted("").replace("{\"type\": \"mount\"}", "{\"type\": \"mount\"}, {\"type\": \"mount\"}");
        assertEquals("linux.namespaces[1].type: duplicate namespace type \"mount\"", error(json));
    }

    @Test
    void unknownCapabilityIsKeptForAWarning() {
        String json = MINIMAL.formatted("").replace("\"cwd\": \"/\"",
                "\"cwd\": \"/\", \"capabilities\": {\"bounding\": [\"CAP_KILL\", \"CAP_FLY\", \"cap_chown\"]}");
        assertEquals("ignoring unknown or unavailable capabilities: [CAP_FLY, cap_chown]",
                SpecParser.parse(json).process().capabilities().unknownWarning(), "as runc: ignored with a warning");
    }

    @Test
    void unlimitedRlimitReadsAsMinusOne() {
        String json = MINIMAL.formatted("").replace("\"cwd\": \"/\"",
                "\"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"hard\": 18446744073709551615, \"soft\": 0}]");
        assertEquals(-1, SpecParser.parse(json).process().rlimits().getFirst().hard());
    }

    @Test
    void unknownPropertiesAreIgnored() {
        assertEquals("h", parse(", \"hostname\": \"h\", \"somethingNew\": {\"x\": 1}").hostname());
    }

    @Test
    void resourcesAreTypedAndEmptinessIsKnown() {
        Spec spec = parse(", \"linux\": {\"resources\": {\"memory\": {\"limit\": 1048576}, \"pids\": {\"limit\": 10}}}");
        assertEquals(1048576L, spec.linux().resources().memory().limit());
        assertEquals(10L, spec.linux().resources().pidsLimit());
        assertFalse(spec.linux().resources().isEmpty());
        assertTrue(parse(", \"linux\": {\"resources\": {}}").linux().resources().isEmpty());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": [1, 2\n}"));
        assertEquals("line 3, column 1: expected ',' or ']'", e.getMessage());
    }

    @Test
    void defaultSpecParsesBack() {
        for (boolean rootless : new boolean[] {false, true}) {
            Spec spec = SpecParser.parse(DefaultSpec.json(rootless));
            assertEquals(List.of("sh"), spec.process().args());
            assertTrue(spec.root().readonly());
            assertEquals(rootless, spec.linux().namespaces().stream().anyMatch(n -> n.type().equals("user")));
            assertEquals(rootless, !spec.linux().uidMappings().isEmpty());
            assertEquals(rootless, spec.linux().resources() == null, "runc's deny-all device rule, except rootless");
        }
    }

    @Test
    void readsEveryProcessField() {
        Process p = SpecParser.parse(EVERYTHING).process();
        assertTrue(p.terminal());
        assertEquals(new Process.Box(25, 80), p.consoleSize());
        assertEquals(new User(1000, 1000, 18L, List.of(5L, 4294967295L), "u"), p.user());
        assertEquals(List.of("/bin/sh", "-c", "echo é😀"), p.args());
        assertEquals("sh", p.commandLine());
        assertEquals(List.of("PATH=/bin", "TERM=xterm"), p.env());
        assertEquals("/home/u", p.cwd());
        assertEquals(new LinuxCapabilities(List.of("CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"), List.of("CAP_KILL"), List.of(),
                List.of("CAP_KILL", "CAP_SYS_ADMIN"), List.of("CAP_NET_BIND_SERVICE")), p.capabilities());
        assertEquals(List.of(new POSIXRlimit("RLIMIT_NOFILE", -1, 1024)), p.rlimits());
        assertTrue(p.noNewPrivileges());
        assertEquals("acme", p.apparmorProfile());
        assertEquals(-999, p.oomScoreAdj());
        assertEquals(new Process.Scheduler("SCHED_DEADLINE", -5, 3, List.of("SCHED_FLAG_RECLAIM"), 100L, 200L, 300L),
                p.scheduler());
        assertEquals("system_u:system_r:container_t:s0", p.selinuxLabel());
        assertEquals(new Process.LinuxIOPriority("IOPRIO_CLASS_BE", 4), p.ioPriority());
        assertEquals(new Process.CPUAffinity("0-1", "3"), p.execCPUAffinity());
    }

    @Test
    void readsTopLevelFields() {
        Spec spec = SpecParser.parse(EVERYTHING);
        assertEquals(new Root("/var/rootfs", true), spec.root());
        assertEquals("box", spec.hostname());
        assertEquals("example.org", spec.domainname());
        assertEquals(List.of(new Mount("/data", "none", "/srv", List.of("rbind", "ro"),
                List.of(new LinuxIDMapping(0, 100000, 65536)), List.of(new LinuxIDMapping(0, 200000, 65536)))), spec.mounts());
        Hooks hooks = spec.hooks();
        assertEquals(List.of(new Hooks.Hook("/bin/pre", List.of(), List.of(), null)), hooks.prestart());
        assertEquals(List.of(new Hooks.Hook("/bin/cr", List.of("cr", "x"), List.of("A=1"), 5)), hooks.createRuntime());
        assertEquals("/bin/cc", hooks.createContainer().get(0).path());
        assertEquals("/bin/sc", hooks.startContainer().get(0).path());
        assertEquals("/bin/ps", hooks.poststart().get(0).path());
        assertEquals(2, hooks.poststop().size());
        assertEquals(List.of("z", "a"), List.copyOf(spec.annotations().keySet()));
    }

    @Test
    void readsEveryLinuxField() {
        Linux linux = SpecParser.parse(EVERYTHING).linux();
        assertEquals(List.of(new LinuxIDMapping(0, 1000, 1)), linux.uidMappings());
        assertEquals(List.of(new LinuxIDMapping(0, 1001, 2)), linux.gidMappings());
        assertEquals(List.of("net.ipv4.ip_forward", "kernel.shmmax"), List.copyOf(linux.sysctl().keySet()));
        assertEquals("/crema/c1", linux.cgroupsPath());
        assertEquals(8, linux.namespaces().size());
        assertEquals(new LinuxNamespace("network", "/var/run/netns/n1"), linux.namespaces().get(1));
        assertEquals(List.of(new LinuxDevice("/dev/fuse", "c", 10, 229, 438L, 0L, 0L)), linux.devices());
        assertEquals("rslave", linux.rootfsPropagation());
        assertEquals(List.of("/proc/kcore"), linux.maskedPaths());
        assertEquals(List.of("/proc/sys"), linux.readonlyPaths());
        assertEquals("system_u:object_r:container_file_t:s0", linux.mountLabel());
        assertEquals(new Linux.LinuxIntelRdt("guaranteed", "L3:0=7f0", "MB:0=20", List.of("L2:0=f"), true), linux.intelRdt());
        assertEquals(new Linux.LinuxPersonality("LINUX32", List.of()), linux.personality());
        assertEquals(Map.of("monotonic", new LinuxTimeOffset(-86400, 5), "boottime", new LinuxTimeOffset(7, 0)),
                linux.timeOffsets());
        assertEquals(Map.of("eth1", "ceth1", "ens4", ""), linux.netDevices());
        assertEquals(new Linux.LinuxMemoryPolicy("MPOL_INTERLEAVE", "0-3", List.of("MPOL_F_STATIC_NODES")),
                linux.memoryPolicy());
    }

    @Test
    void readsEveryResourceField() {
        LinuxResources r = SpecParser.parse(EVERYTHING).linux().resources();
        assertEquals(List.of(new LinuxResources.DeviceRule(false, null, null, null, "rwm"),
                new LinuxResources.DeviceRule(true, "c", 1L, 3L, "rw")), r.devices());
        assertEquals(new LinuxResources.Memory(536870912L, 1L, -1L, 2L, 3L, 60L, true, false, true), r.memory());
        assertEquals(new LinuxResources.Cpu(1024L, -1L, 5L, 100000L, 950000L, 1000000L, "0-3", "0", 1L), r.cpu());
        assertEquals(-1L, r.pidsLimit());
        assertEquals(new LinuxResources.BlockIO(500L, 300L, List.of(new LinuxResources.WeightDevice(8, 0, 100L, null)),
                List.of(new LinuxResources.ThrottleDevice(8, 0, 1048576)), List.of(new LinuxResources.ThrottleDevice(8, 16, 2)),
                List.of(new LinuxResources.ThrottleDevice(8, 32, 3)), List.of(new LinuxResources.ThrottleDevice(8, 48, 4))),
                r.blockIO());
        assertEquals(List.of(new LinuxResources.HugepageLimit("2MB", 209715200)), r.hugepageLimits());
        assertEquals(new LinuxResources.Network(1048577L, Map.of("eth0", 500L)), r.network());
        assertEquals(Map.of("mlx5_1", new LinuxResources.Rdma(3L, 10000L)), r.rdma());
        assertEquals(Map.of("memory.high", "max", "io.weight", "100"), r.unified());
    }

    @Test
    void readsEverySeccompField() {
        LinuxSeccomp s = SpecParser.parse(EVERYTHING).linux().seccomp();
        assertEquals(new LinuxSeccomp("SCMP_ACT_ERRNO", 1L, List.of("SCMP_ARCH_X86_64"),
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"), "/run/seccomp.sock", "meta",
                List.of(new LinuxSeccomp.Syscall(List.of("getcwd", "chmod"), "SCMP_ACT_ALLOW", null, List.of()),
                        new LinuxSeccomp.Syscall(List.of("mount"), "SCMP_ACT_NOTIFY", 38L,
                                List.of(new LinuxSeccomp.Arg(1, 255, 4, "SCMP_CMP_MASKED_EQ"))))), s);
    }

    /** `crema update --resources FILE` takes a linux.resources object on its own; errors keep the full path. */
    @Test
    void readsAResourcesObjectForUpdate() {
        LinuxResources r = SpecParser.parseResources(Json.parse("{\"memory\": {\"limit\": 1048576}, \"pids\": {\"limit\": 10}}"));
        assertEquals(1048576L, r.memory().limit());
        assertEquals(10L, r.pidsLimit());
        assertNull(r.cpu());
        assertEquals("linux.resources.memory.limit: expected an integer from -9223372036854775808 to 9223372036854775807, got true",
                assertThrows(ConfigException.class,
                        () -> SpecParser.parseResources(Json.parse("{\"memory\": {\"limit\": true}}"))).getMessage());
    }

    @Test
    void leavesOptionalSectionsNullAndListsEmpty() {
        Spec spec = SpecParser.parse("{\"ociVersion\": \"1.0.0\"}");
        assertNull(spec.process());
        assertNull(spec.root());
        assertNull(spec.linux());
        assertNull(spec.hooks());
        assertNull(spec.hostname());
        assertEquals(List.of(), spec.mounts());
        assertEquals(Map.of(), spec.annotations());
    }

    @Test
    void parsedListsAreUnmodifiable() {
        Spec spec = SpecParser.parse(EVERYTHING);
        assertThrows(UnsupportedOperationException.class, () -> spec.mounts().add(spec.mounts().get(0)));
        assertThrows(UnsupportedOperationException.class, () -> spec.process().args().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> spec.linux().namespaces().clear());
    }

    @Test
    void capabilityNumbersFollowTheKernel() {
        assertEquals(0, Capability.find("CAP_CHOWN"));
        assertEquals(21, Capability.find("CAP_SYS_ADMIN"));
        assertEquals(24, Capability.find("CAP_SYS_RESOURCE"));
        assertEquals(29, Capability.find("CAP_AUDIT_WRITE"));
        assertEquals(40, Capability.find("CAP_CHECKPOINT_RESTORE"));
        assertEquals(41, Capability.count());
        assertEquals("CAP_BPF", Capability.name(39));
        assertEquals(-1, Capability.find("BPF"));
        assertEquals(-1, Capability.find("cap_bpf"), "runc's table has the upper-case names only");
    }

    @Test
    void rlimitNumbersFollowTheKernel() {
        assertEquals(7, new POSIXRlimit("RLIMIT_NOFILE", 0, 0).resource());
        assertEquals(15, new POSIXRlimit("RLIMIT_RTTIME", 0, 0).resource());
        assertEquals(0, new POSIXRlimit("RLIMIT_CPU", 0, 0).resource());
    }
}

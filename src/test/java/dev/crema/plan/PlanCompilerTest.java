package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCompilerTest {
    private static final CreateRequest REQUEST = new CreateRequest(Path.of("/b/rootfs"), Path.of("/b"),
            Path.of("/run/crema/x/exec.fifo"), false,
            List.of(new CgroupMount("memory", "cgroup", "memory", "/sys/fs/cgroup/memory/crema/x"),
                    new CgroupMount("unified", "cgroup2", "", "/sys/fs/cgroup/unified/crema/x")), false);

    private static Spec spec(String linuxExtra, String topExtra) {
        return SpecParser.parse("""
                {"ociVersion": "1.2.0",
                 "process": {"user": {"uid": 5, "gid": 6, "additionalGids": [7]}, "args": ["sh"], "cwd": "/",
                             "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "ambient": ["CAP_KILL"]}},
                 "root": {"path": "rootfs"}%s,
                 "linux": {"namespaces": [{"type": "mount"}, {"type": "pid"}]%s}}
                """.formatted(topExtra, linuxExtra));
    }

    private static List<Op> ops(Spec spec) {
        List<Op> ops = new ArrayList<>();
        for (Step step : PlanCompiler.compile(spec, REQUEST).steps()) ops.add(step.op());
        return ops;
    }

    private static String error(Spec spec) {
        return assertThrows(PlanException.class, () -> PlanCompiler.compile(spec, REQUEST)).getMessage();
    }

    @Test
    void startsWithTheFifoThenNamespacesThenTheFork() {
        List<Op> ops = ops(spec("", ""));
        assertEquals(new Op.OpenExecFifo("/run/crema/x/exec.fifo"), ops.get(0));
        // the cgroups the process enters as it is born: v1 by its tasks file, v2 by CLONE_INTO_CGROUP
        assertEquals(new Op.OpenCgroup("/sys/fs/cgroup/memory/crema/x", false), ops.get(1));
        assertEquals(new Op.OpenCgroup("/sys/fs/cgroup/unified/crema/x", true), ops.get(2));
        assertEquals(new Op.Unshare(Kernel.CLONE_NEWNS | Kernel.CLONE_NEWPID), ops.get(3));
        assertEquals(new Op.Fork(), ops.get(4));
        assertEquals(new Op.WaitStartExec(), ops.get(ops.size() - 2));
        assertEquals(new Op.ExecNow(), ops.getLast());
    }

    @Test
    void userNamespaceIsCreatedAloneAndMappedBeforeTheRest() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"},
                 "linux": {"namespaces": [{"type": "mount"}, {"type": "user"}, {"type": "pid"}],
                           "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 10}],
                           "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 10}]}}
                """);
        List<Op> ops = ops(spec);
        // not root on the host at the fork: the controller places it in v2, the init only in v1
        assertEquals(new Op.OpenCgroup("/sys/fs/cgroup/memory/crema/x", false), ops.get(1));
        assertEquals(new Op.Unshare(Kernel.CLONE_NEWUSER), ops.get(2));
        assertEquals(new Op.SyncIdmap(true), ops.get(3));
        assertEquals(new Op.Unshare(Kernel.CLONE_NEWNS | Kernel.CLONE_NEWPID), ops.get(4));
        assertEquals(java.util.Set.of("/sys/fs/cgroup/memory/crema/x"),
                PlanCompiler.compile(spec, REQUEST).cgroupsJoinedByInit());
    }

    @Test
    void mappingsWithoutAUserNamespaceAreRefused() {
        assertEquals("linux.uidMappings: mappings are only valid with a new user namespace",
                error(spec(", \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 10}]", "")));
    }

    @Test
    void joinedNamespacesComeFirstWithUserLast() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"},
                 "linux": {"namespaces": [{"type": "user", "path": "/proc/1/ns/user"}, {"type": "mount"},
                                          {"type": "network", "path": "/run/netns/n"}]}}
                """);
        List<Op> ops = ops(spec);
        assertEquals(new Op.OpenCgroup("/sys/fs/cgroup/memory/crema/x", false), ops.get(1));
        assertEquals(new Op.SetNs("/run/netns/n", Kernel.CLONE_NEWNET), ops.get(2));
        assertEquals(new Op.SetNs("/proc/1/ns/user", Kernel.CLONE_NEWUSER), ops.get(3));
    }

    @Test
    void credentialsFollowTheConfig() {
        List<Op> ops = ops(spec("", ""));
        assertTrue(ops.contains(new Op.BoundingSet(1L << 5)));
        assertTrue(ops.contains(new Op.SetIds(5, 6, List.of(7L))));
        // ambient CAP_KILL is neither permitted nor inheritable: the kernel could not raise it, runc drops it
        assertTrue(ops.contains(new Op.SetCaps(1L << 5, 0, 0, 0)));
        assertTrue(ops.contains(new Op.Umask(022)));
        assertTrue(ops.indexOf(new Op.BoundingSet(1L << 5)) < ops.indexOf(new Op.SetIds(5, 6, List.of(7L))));
    }

    @Test
    void bindMountsAreRemountedForTheirFlags() {
        List<Op> ops = ops(spec("", ", \"mounts\": [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/tmp\","
                + " \"options\": [\"rbind\", \"ro\", \"nosuid\", \"rprivate\"]}]"));
        assertTrue(ops.contains(new Op.Mount("/tmp", "data", "", Kernel.MS_BIND | Kernel.MS_REC, "", Op.TargetKind.DIRECTORY,
                Kernel.MS_RDONLY | Kernel.MS_NOSUID, Kernel.MS_PRIVATE | Kernel.MS_REC)), ops.toString());
    }

    @Test
    void relativeBindSourcesAreRelativeToTheBundle() {
        List<Op> ops = ops(spec("", ", \"mounts\": [{\"destination\": \"/d\", \"source\": \"data\", \"options\": [\"bind\"]}]"));
        assertTrue(ops.stream().anyMatch(op -> op instanceof Op.Mount m && m.source().equals("/b/data")), ops.toString());
    }

    @Test
    void cgroupMountExpandsPerHierarchy() {
        List<Op> ops = ops(spec(", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"cgroup\"}]",
                ", \"mounts\": [{\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\", \"options\": [\"ro\"]}]"));
        assertTrue(ops.contains(new Op.Mount("cgroup", "sys/fs/cgroup/memory", "cgroup", Kernel.MS_RDONLY, "memory",
                Op.TargetKind.DIRECTORY, 0, 0)), ops.toString());
        assertTrue(ops.contains(new Op.Mount("cgroup2", "sys/fs/cgroup/unified", "cgroup2", Kernel.MS_RDONLY, "",
                Op.TargetKind.DIRECTORY, 0, 0)), ops.toString());
    }

    @Test
    void withoutACgroupNamespaceTheContainersOwnCgroupsAreBound() {
        List<Op> ops = ops(spec("", ", \"mounts\": [{\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\"}]"));
        assertTrue(ops.stream().anyMatch(op -> op instanceof Op.Mount m
                && m.source().equals("/sys/fs/cgroup/memory/crema/x") && m.targetInRoot().equals("sys/fs/cgroup/memory")));
    }

    @Test
    void defaultDevicesAreMadeUnlessConfigured() {
        List<Op> ops = ops(spec(", \"devices\": [{\"path\": \"/dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"fileMode\": 384}]", ""));
        assertTrue(ops.contains(new Op.Mknod("dev/null", Kernel.S_IFCHR | 0600, 1, 3, 0, 0)));
        assertTrue(ops.contains(new Op.Mknod("dev/zero", Kernel.S_IFCHR | 0666, 1, 5, 0, 0)));
        assertTrue(ops.contains(new Op.Symlink("/proc/self/fd", "dev/fd")));
    }

    @Test
    void refusesHostnameWithoutUtsNamespace() {
        assertEquals("hostname: unable to set hostname without a private UTS namespace", error(spec("", ", \"hostname\": \"h\"")));
    }

    @Test
    void refusesSysctlsOutsideTheContainersNamespaces() {
        assertEquals("linux.sysctl.net.ipv4.ip_forward: not allowed in the host's network namespace",
                error(spec(", \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}", "")));
        assertEquals("linux.sysctl.vm.swappiness: sysctl is not in a separate kernel namespace",
                error(spec(", \"sysctl\": {\"vm.swappiness\": \"1\"}", "")));
    }

    @Test
    void refusesWhatItDoesNotApplyYetByName() {
        assertEquals("linux.netDevices: moving network devices not supported by crema yet",
                error(spec(", \"netDevices\": {\"eth1\": {}}", "")));
    }

    @Test
    void withoutAMountNamespaceTheHostKeepsItsRootAndPropagation() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs", "readonly": true}, "linux": {"namespaces": [{"type": "pid"}]}}
                """);
        List<Op> ops = ops(spec);
        assertTrue(ops.contains(new Op.Chroot()), ops.toString());
        assertTrue(ops.stream().noneMatch(op -> op instanceof Op.PivotRoot || op instanceof Op.SetPropagation
                || op instanceof Op.RemountReadonly), ops.toString());
    }

    @Test
    void withoutAMountNamespaceMaskedPathsAreRefusedAsByRunc() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "pid"}], "maskedPaths": ["/proc/kcore"]}}
                """);
        assertEquals("linux.maskedPaths: unable to restrict sys entries without a private MNT namespace", error(spec));
    }

    @Test
    void aJoinedMountNamespaceIsSetUpLikeANewOne() {
        List<Op> ops = ops(spec(", \"namespaces\": [{\"type\": \"mount\", \"path\": \"/proc/9/ns/mnt\"}]", ""));
        assertTrue(ops.contains(new Op.SetNs("/proc/9/ns/mnt", Kernel.CLONE_NEWNS)));
        assertTrue(ops.contains(new Op.PivotRoot()), ops.toString());
    }

    @Test
    void aHostnameMayGoToAJoinedUtsNamespace() {
        List<Op> ops = ops(spec(", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"uts\", \"path\": \"/proc/9/ns/uts\"}]",
                ", \"hostname\": \"h\""));
        assertTrue(ops.indexOf(new Op.SetNs("/proc/9/ns/uts", Kernel.CLONE_NEWUTS)) < ops.indexOf(new Op.SetHostname("h")));
    }

    @Test
    void ambientCapsAreTheOnesBothPermittedAndInheritable() {
        Op.SetCaps caps = ProcessSteps.capabilitySets(new dev.crema.spec.LinuxCapabilities(List.of(),
                List.of("CAP_KILL", "CAP_CHOWN"), List.of("CAP_KILL"), List.of("CAP_KILL", "CAP_CHOWN"),
                List.of("CAP_KILL", "CAP_CHOWN", "CAP_NET_RAW")));
        assertEquals(new Op.SetCaps(1L << 5 | 1L, 1L << 5 | 1L, 1L << 5, 1L << 5), caps);
    }

    @Test
    void cwdIsTriedBeforeTheIdsChangeAndSeccompWithNoNewPrivsComesLast() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 42, "gid": 42}, "args": ["sh"], "cwd": "/root",
                  "noNewPrivileges": true},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}],
                 "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                   "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"}]}}}
                """);
        List<Op> ops = ops(spec);
        int tryCwd = ops.indexOf(new Op.Chdir("/root", Op.Chdir.TRY));
        int ids = ops.indexOf(new Op.SetIds(42, 42, List.of()));
        int retry = ops.indexOf(new Op.Chdir("/root", Op.Chdir.IF_REFUSED));
        int seccomp = -1;
        for (int i = 0; i < ops.size(); i++) if (ops.get(i) instanceof Op.LoadSeccomp) seccomp = i;
        assertTrue(tryCwd >= 0 && tryCwd < ids && ids < retry && retry < seccomp, ops.toString());
        assertEquals(new Op.WaitStartExec(), ops.get(seccomp + 1));
    }

    @Test
    void procfsIsCheckedWhereRuncChecksItBeforeAFilterLoadedWithNoNewPrivs() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 42, "gid": 42}, "args": ["sh"], "cwd": "/",
                  "noNewPrivileges": true},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}],
                 "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                   "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"}]}}}
                """);
        List<Op> ops = ops(spec);
        int procfs = ops.indexOf(new Op.CheckProcfs());
        int tryCwd = ops.indexOf(new Op.Chdir("/", Op.Chdir.TRY));
        int seccomp = -1;
        for (int i = 0; i < ops.size(); i++) if (ops.get(i) instanceof Op.LoadSeccomp) seccomp = i;
        assertTrue(procfs >= 0 && procfs < tryCwd && tryCwd < seccomp, ops.toString());
    }

    @Test
    void aMissingCwdIsMadeInTheRootfsBeforeTheRootChanges() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/no/such/dir"},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}]}}
                """);
        List<Op> ops = ops(spec);
        int mkdir = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.MkdirAll m) {
                mkdir = i;
                assertEquals("no/such/dir", m.pathInRoot());
                assertEquals(0, m.mode() & ~0755, "at most 0755, less the caller's umask");
            }
        }
        assertTrue(mkdir >= 0 && mkdir < ops.indexOf(new Op.PivotRoot()), ops.toString());
    }

    @Test
    void aRootCwdNeedsNoMkdir() {
        for (Op op : ops(spec("", ""))) assertTrue(!(op instanceof Op.MkdirAll), op.toString());
    }

    @Test
    void aReadOnlyDevIsRemountedAfterItsSubmounts() {
        List<Op> ops = ops(spec("", ", \"mounts\": [{\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
                + " \"options\": [\"ro\", \"nosuid\"]}, {\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\"}]"));
        assertTrue(ops.contains(new Op.Mount("tmpfs", "dev", "tmpfs", Kernel.MS_NOSUID, "", Op.TargetKind.DIRECTORY, 0, 0)),
                ops.toString());
        int devpts = -1;
        for (int i = 0; i < ops.size(); i++) if (ops.get(i) instanceof Op.Mount m && m.fsType().equals("devpts")) devpts = i;
        assertTrue(devpts >= 0 && devpts < ops.indexOf(new Op.RemountReadonly("/dev")), ops.toString());
        assertTrue(ops.indexOf(new Op.PivotRoot()) < ops.indexOf(new Op.RemountReadonly("/dev")));
    }

    @Test
    void deviceFileModeKeepsOnlyThePermissionBits() {
        List<Op> ops = ops(spec(", \"devices\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229,"
                + " \"fileMode\": 8630}]", ""));
        assertTrue(ops.contains(new Op.Mknod("dev/fuse", Kernel.S_IFCHR | 0666, 10, 229, 0, 0)), ops.toString());
    }

    @Test
    void createContainerHooksRunInTheRootfs() {
        List<Op> ops = ops(spec("", ", \"hooks\": {\"createContainer\": [{\"path\": \"/bin/true\"}]}"));
        int chdir = ops.indexOf(new Op.Chdir("/b/rootfs"));
        assertTrue(chdir >= 0 && ops.get(chdir + 1) instanceof Op.RunHook, ops.toString());
    }

    @Test
    void aTmpcopyupTmpfsOpensWhatItCoversBeforeTheMountAndCopiesAfter() {
        List<Op> ops = ops(spec("", ", \"mounts\": [{\"destination\": \"/etc\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
                + " \"options\": [\"tmpcopyup\"]}]"));
        int open = ops.indexOf(new Op.OpenCoveredDir("etc"));
        assertTrue(open >= 0 && ops.get(open + 1) instanceof Op.Mount m && m.fsType().equals("tmpfs")
                && ops.get(open + 2).equals(new Op.FinishTmpfs("etc", true, 0)), ops.toString());
    }

    @Test
    void aReadOnlyTmpfsIsMountedWritableAndMadeReadOnlyOnceFinished() {
        List<Op> ops = ops(spec("", ", \"mounts\": [{\"destination\": \"/t\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
                + " \"options\": [\"ro\", \"nosuid\"]}]"));
        assertTrue(ops.contains(new Op.Mount("tmpfs", "t", "tmpfs", Kernel.MS_NOSUID, "", Op.TargetKind.DIRECTORY, 0, 0)));
        assertTrue(ops.contains(new Op.FinishTmpfs("t", false, Kernel.MS_RDONLY | Kernel.MS_NOSUID)), ops.toString());
    }

    @Test
    void aRootfsThatIsASymlinkIsRefusedAsByRunc() throws Exception {
        Path bundle = java.nio.file.Files.createTempDirectory("crema-plan-test");
        try {
            java.nio.file.Files.createDirectories(bundle.resolve("real"));
            java.nio.file.Files.createSymbolicLink(bundle.resolve("rootfs"), Path.of("real"));
            CreateRequest request = new CreateRequest(bundle.resolve("rootfs"), bundle, Path.of("/run/crema/x/exec.fifo"),
                    false, List.of(), false);
            PlanException e = assertThrows(PlanException.class, () -> PlanCompiler.compile(spec("", ""), request));
            assertEquals("root.path: invalid rootfs: not an absolute path, or a symlink", e.getMessage());
            CreateRequest real = new CreateRequest(bundle.resolve("real"), bundle, Path.of("/run/crema/x/exec.fifo"),
                    false, List.of(), false);
            // the same directory by its own name is fine
            PlanCompiler.compile(SpecParser.parse("""
                    {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                     "root": {"path": "real"}, "linux": {"namespaces": [{"type": "mount"}]}}
                    """), real);
        } finally {
            try (var walk = java.nio.file.Files.walk(bundle)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theMountHoldingTheRootfsIsFoundInMountinfo() {
        String mountinfo = """
                27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
                30 27 0:30 / /var/lib rw shared:5 - ext4 /dev/vdb rw
                31 27 0:31 / /var/lib\\040x rw - tmpfs t rw
                """;
        assertEquals(new RootfsParentMount("/var/lib", true), RootfsParentMount.find(mountinfo, "/var/lib/c/rootfs"));
        assertEquals(new RootfsParentMount("/var/lib x", false), RootfsParentMount.find(mountinfo, "/var/lib x/rootfs"));
        assertEquals(new RootfsParentMount("/", true), RootfsParentMount.find(mountinfo, "/var/library"));
        // rshared makes every mount shared, a plain "private" only "/", the rest keep the host's state
        assertTrue(new RootfsParentMount("/var/lib", false).sharedAfter(Kernel.MS_SHARED | Kernel.MS_REC));
        assertTrue(new RootfsParentMount("/var/lib", true).sharedAfter(Kernel.MS_PRIVATE));
        assertTrue(!new RootfsParentMount("/", true).sharedAfter(Kernel.MS_PRIVATE));
    }

    @Test
    void namespaceTypesMapToTheKernelsCloneFlags() {
        assertEquals(0x40000000L, NamespaceSet.flag("network"));
        assertEquals(0x00020000L, NamespaceSet.flag("mount"));
        assertEquals(0x00000080L, NamespaceSet.flag("time"));
        assertEquals(0x02000000L, NamespaceSet.flag("cgroup"));
        assertThrows(PlanException.class, () -> NamespaceSet.flag("net"));
    }

    /** From the spec branch's parser tests: main checks these when it compiles the plan, not when it parses. */
    @Test
    void refusesARelativeCwd() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "work"},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}]}}
                """);
        assertEquals("process.cwd: must be an absolute path, got \"work\"", error(spec));
    }

    @Test
    void refusesAnOffsetForAClockTheTimeNamespaceDoesNotShift() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}, {"type": "time"}],
                 "timeOffsets": {"realtime": {"secs": 1}}}}
                """);
        assertEquals("linux.timeOffsets.realtime: only monotonic and boottime can be offset", error(spec));
    }

    @Test
    void aNulInAnArgumentNamesTheField() {
        Spec spec = SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh\\u0000x"], "cwd": "/"},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}]}}
                """);
        Plan plan = PlanCompiler.compile(spec, REQUEST);
        PlanException e = assertThrows(PlanException.class, () -> PlanEncoder.encode(plan));
        assertTrue(e.getMessage().startsWith("process.args: contains a NUL"), e.getMessage());
    }

    @Test
    void describeNamesTheFieldOfAFailingStep() {
        Plan plan = PlanCompiler.compile(spec("", ", \"mounts\": [{\"destination\": \"/x\", \"type\": \"tmpfs\", \"source\": \"t\"}]"), REQUEST);
        int index = 0;
        while (!(plan.steps().get(index).op() instanceof Op.Mount)) index++;
        assertEquals("mounts[0] (/x): mount tmpfs on x", plan.describe(index));
    }
}

package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.SpecParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecPlanCompilerTest {
    private static final dev.crema.spec.Process PROCESS = SpecParser.parseProcess(
            "{\"user\": {\"uid\": 1, \"gid\": 2}, \"args\": [\"sh\"], \"cwd\": \"/w\"}");

    @Test
    void userFirstMountLastThenForkAndExec() {
        Plan plan = ExecPlanCompiler.compile(List.of(new ExecPlanCompiler.Join("mnt", "/proc/9/ns/mnt"),
                new ExecPlanCompiler.Join("pid", "/proc/9/ns/pid"), new ExecPlanCompiler.Join("user", "/proc/9/ns/user")),
                List.of(), PROCESS, null);
        List<Op> ops = new ArrayList<>();
        for (Step s : plan.steps()) ops.add(s.op());
        assertEquals(new Op.SetNs("/proc/9/ns/user", Kernel.CLONE_NEWUSER), ops.get(0));
        assertEquals(new Op.SetNs("/proc/9/ns/pid", Kernel.CLONE_NEWPID), ops.get(1));
        assertEquals(new Op.SetNs("/proc/9/ns/mnt", Kernel.CLONE_NEWNS), ops.get(2));
        assertEquals(new Op.Fork(), ops.get(3));
        // tried as root, then again as the user only if root was refused (runc's finalizeNamespace)
        assertTrue(ops.indexOf(new Op.Chdir("/w", Op.Chdir.TRY)) < ops.indexOf(new Op.Chdir("/w", Op.Chdir.IF_REFUSED)));
        assertEquals(new Op.ResolveExec(List.of("sh"), List.of()).getClass(), ops.get(ops.size() - 2).getClass());
        assertEquals(new Op.ExecNow(), ops.getLast());
    }

    @Test
    void theProcessEntersTheCgroupAsItIsBornAndItsCgroupNamespaceAfter() {
        List<CgroupLeaf> cgroup = List.of(new CgroupLeaf("/sys/fs/cgroup/pids/crema/c", false),
                new CgroupLeaf("/sys/fs/cgroup/unified/crema/c", true));
        List<Op> ops = new ArrayList<>();
        for (Step s : ExecPlanCompiler.compile(List.of(new ExecPlanCompiler.Join("cgroup", "/proc/9/ns/cgroup")), cgroup,
                PROCESS, null).steps()) ops.add(s.op());
        assertEquals(List.of(new Op.OpenCgroup("/sys/fs/cgroup/pids/crema/c", false),
                new Op.OpenCgroup("/sys/fs/cgroup/unified/crema/c", true), new Op.OpenNs("/proc/9/ns/cgroup"), new Op.Fork(),
                new Op.SetNsOpened(0, Kernel.CLONE_NEWCGROUP)), ops.subList(0, 5));
        // in a user namespace the fork is not host root's: v2 stays the controller's
        ops.clear();
        for (Step s : ExecPlanCompiler.compile(List.of(new ExecPlanCompiler.Join("user", "/proc/9/ns/user")), cgroup,
                PROCESS, null).steps()) ops.add(s.op());
        assertEquals(new Op.OpenCgroup("/sys/fs/cgroup/pids/crema/c", false), ops.get(0));
        assertEquals(new Op.SetNs("/proc/9/ns/user", Kernel.CLONE_NEWUSER), ops.get(1));
    }

    @Test
    void aTerminalGetsANewSessionAndAPtyButNoConsoleBind() {
        dev.crema.spec.Process tty = SpecParser.parseProcess("{\"terminal\": true, \"consoleSize\": {\"height\": 5, \"width\": 9},"
                + " \"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"}");
        List<Op> ops = new ArrayList<>();
        for (Step s : ExecPlanCompiler.compile(List.of(), List.of(), tty, null).steps()) ops.add(s.op());
        assertEquals(List.of(new Op.Fork(), new Op.Setsid(), new Op.Console(5, 9, false)), ops.subList(0, 3));
    }
}

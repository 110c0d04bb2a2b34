package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.DefaultSpec;
import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a rootless caller's plan differs in, and what it refuses with runc's words. */
class RootlessChecksTest {
    private static final Caller USER = new Caller(1001, 1001, false);

    private static CreateRequest request(Caller caller) {
        return new CreateRequest(Path.of("/b/rootfs"), Path.of("/b"), Path.of("/run/x/exec.fifo"), false,
                List.of(new CgroupMount("memory", "cgroup", "memory", "/sys/fs/cgroup/memory/x")), true, caller);
    }

    private static List<Op> ops(String config, Caller caller) {
        List<Op> ops = new ArrayList<>();
        for (Step s : PlanCompiler.compile(SpecParser.parse(config), request(caller)).steps()) ops.add(s.op());
        return ops;
    }

    @Test
    void aRootlessPlanSetsNoGroupsAndClonesNoTreeOnTheHost() {
        String config = DefaultSpec.json(true);
        List<Op> ops = ops(config, USER);
        assertTrue(ops.contains(new Op.SyncIdmap(false)), ops.toString());
        assertTrue(ops.contains(new Op.SetIds(0, 0, List.of(), false)), ops.toString());
        for (Op op : ops) assertFalse(op instanceof Op.BindTree, "no open_tree in the host's namespaces: " + op);
        List<Op> asRoot = ops(config, CreateRequest.HOST_ROOT);
        assertTrue(asRoot.contains(new Op.SyncIdmap(true)));
        assertTrue(asRoot.contains(new Op.SetIds(0, 0, List.of(), true)));
    }

    @Test
    void aRootlessCallerNeedsAUserNamespace() {
        String config = DefaultSpec.json(false);
        PlanException e = assertThrows(PlanException.class, () -> ops(config, USER));
        assertEquals("linux.namespaces: rootless container requires user namespaces", e.getMessage());
    }

    @Test
    void unmappedUsersGroupsAndMountIdsAreRefused() {
        String config = DefaultSpec.json(true);
        assertThrows(PlanException.class, () -> ops(config.replace("\"uid\": 0,", "\"uid\": 5,"), USER));
        assertEquals("process.user.additionalGids: cannot set any additional groups in a rootless container",
                assertThrows(PlanException.class, () -> ops(config.replace("\"gid\": 0\n", "\"gid\": 0, \"additionalGids\": [0]\n"),
                        USER)).getMessage());
        String withUidOption = config.replace("\"mode=0620\"", "\"mode=0620\", \"uid=7\"");
        assertTrue(assertThrows(PlanException.class, () -> ops(withUidOption, USER)).getMessage()
                .contains("cannot specify uid= mount options for unmapped uid in rootless containers"));
    }

    @Test
    void hostUidMapMeansNoUserNamespace() {
        assertFalse(Caller.inUserNamespace("         0          0 4294967295\n"));
        assertTrue(Caller.inUserNamespace("         0       1001          1\n"));
        assertFalse(Caller.inUserNamespace(""));
    }

    @Test
    void devicesAreBoundInsideAUserNamespaceCremaRunsIn() {
        Spec spec = SpecParser.parse(DefaultSpec.json(false));
        List<Op> ops = new ArrayList<>();
        for (Step s : PlanCompiler.compile(spec, request(new Caller(0, 0, true))).steps()) ops.add(s.op());
        for (Op op : ops) assertFalse(op instanceof Op.Mknod, "no mknod inside a user namespace: " + op);
    }
}

package dev.crema.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.crema.plan.CgroupLeaf;
import dev.crema.plan.ExecPlanCompiler;
import dev.crema.plan.Plan;
import dev.crema.plan.PlanEncoder;
import dev.crema.spec.Process;
import dev.crema.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * process.json (exec --process) through what exec does with it before starting crema-init: parse and validate,
 * compile the exec plan (joins of a container in its own namespaces and cgroups), encode it and describe every
 * step. Seeds: the process.json files podman, containerd and docker wrote
 * (src/test/resources/dev/crema/fuzz/ProcessFuzzTestInputs).
 */
class ProcessFuzzTest {
    private static final List<ExecPlanCompiler.Join> JOINS = List.of(new ExecPlanCompiler.Join("user", "/proc/9/ns/user"),
            new ExecPlanCompiler.Join("mnt", "/proc/9/ns/mnt"), new ExecPlanCompiler.Join("pid", "/proc/9/ns/pid"),
            new ExecPlanCompiler.Join("cgroup", "/proc/9/ns/cgroup"));
    private static final List<CgroupLeaf> CGROUP = List.of(new CgroupLeaf("/sys/fs/cgroup/pids/crema/fuzz", false),
            new CgroupLeaf("/sys/fs/cgroup/unified/crema/fuzz", true));

    @FuzzTest(maxDuration = "25s")
    void processIsCompiledOrRefusedClearly(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzChecks.acceptsOrRefusesClearly(() -> {
            Process process = SpecParser.parseProcess(text);
            Plan plan = ExecPlanCompiler.compile(JOINS, CGROUP, process, null);
            PlanEncoder.encode(plan);
            for (int i = 0; i < plan.steps().size(); i++) plan.describe(i);
        });
    }
}

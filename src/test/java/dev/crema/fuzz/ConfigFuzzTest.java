package dev.crema.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.crema.cgroups.Cgroup;
import dev.crema.cgroups.CgroupLayout;
import dev.crema.container.CgroupMounts;
import dev.crema.container.Create;
import dev.crema.plan.CreateRequest;
import dev.crema.plan.Plan;
import dev.crema.plan.PlanCompiler;
import dev.crema.plan.PlanEncoder;
import dev.crema.resctrl.IntelRdt;
import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * config.json through everything create does before it touches the host: parse and validate (spec), the rootfs,
 * the cgroup path, Intel RDT, the plan compiler, the plan's encoding for crema-init and the description of every
 * step (what an init error is reported with). Seeds: the configs podman, containerd and docker wrote
 * (src/test/resources/dev/crema/fuzz/ConfigFuzzTestInputs). Without JAZZER_FUZZ only the seeds run.
 */
class ConfigFuzzTest {
    private static final Path BUNDLE = bundle();
    private static final CgroupLayout CGROUPS = CgroupLayout.detect();

    @FuzzTest(maxDuration = "25s")
    void configIsCompiledOrRefusedClearly(byte[] input) throws Exception {
        // as SpecParser.parseFile reads it: bytes that are not UTF-8 become U+FFFD, as in Go
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzChecks.acceptsOrRefusesClearly(() -> {
            Spec spec = SpecParser.parse(text);
            Path rootfs = Create.rootfs(spec, BUNDLE);
            Cgroup cgroup = CGROUPS.cgroup(spec.linux() == null ? "" : spec.linux().cgroupsPath(), "fuzz");
            Plan plan = PlanCompiler.compile(spec, new CreateRequest(rootfs, BUNDLE, BUNDLE.resolve("exec.fifo"), false,
                    CgroupMounts.of(cgroup), true));
            if (spec.linux() != null && spec.linux().intelRdt() != null) IntelRdt.onHost("fuzz", spec.linux().intelRdt()).validate();
            PlanEncoder.encode(plan);
            for (int i = 0; i < plan.steps().size(); i++) plan.describe(i);
        });
    }

    /** A bundle whose root.path "rootfs" exists (the engines' seeds name absolute paths that do not). */
    private static Path bundle() {
        try {
            Path dir = Files.createTempDirectory("crema-fuzz-bundle");
            Files.createDirectories(dir.resolve("rootfs"));
            dir.toFile().deleteOnExit();
            dir.resolve("rootfs").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.it.cri.ContainerConfig;
import dev.crema.it.cri.ContainerMetadata;
import dev.crema.it.cri.ContainerState;
import dev.crema.it.cri.ContainerStats;
import dev.crema.it.cri.ContainerStatsRequest;
import dev.crema.it.cri.ContainerStatus;
import dev.crema.it.cri.ContainerStatusRequest;
import dev.crema.it.cri.CreateContainerRequest;
import dev.crema.it.cri.ExecSyncRequest;
import dev.crema.it.cri.ExecSyncResponse;
import dev.crema.it.cri.ImageSpec;
import dev.crema.it.cri.LinuxContainerConfig;
import dev.crema.it.cri.LinuxContainerResources;
import dev.crema.it.cri.LinuxContainerSecurityContext;
import dev.crema.it.cri.LinuxPodSandboxConfig;
import dev.crema.it.cri.LinuxSandboxSecurityContext;
import dev.crema.it.cri.NamespaceMode;
import dev.crema.it.cri.NamespaceOption;
import dev.crema.it.cri.PodSandboxConfig;
import dev.crema.it.cri.PodSandboxMetadata;
import dev.crema.it.cri.PodSandboxState;
import dev.crema.it.cri.PodSandboxStatusRequest;
import dev.crema.it.cri.PodSandboxStatusResponse;
import dev.crema.it.cri.RemoveContainerRequest;
import dev.crema.it.cri.RemovePodSandboxRequest;
import dev.crema.it.cri.RunPodSandboxRequest;
import dev.crema.it.cri.RuntimeCondition;
import dev.crema.it.cri.StartContainerRequest;
import dev.crema.it.cri.StatusRequest;
import dev.crema.it.cri.StopContainerRequest;
import dev.crema.it.cri.StopPodSandboxRequest;
import dev.crema.it.cri.VersionRequest;
import dev.crema.it.cri.VersionResponse;
import dev.crema.spec.Json;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes through containerd's CRI plugin, with crema as the runtime of a RuntimeClass: a CRI client of our
 * own (CriClient, over gRPC on containerd's socket) makes the calls the kubelet makes for a pod of two containers,
 * once with the runtime handler {@code crema} and once with {@code runc}, and the two are compared where they
 * are comparable. containerd is one of the test's own (CriContainerd), stopped and cleaned up after.
 */
class CriIT {
    private static final String CGROUP_PARENT = "crema-it-cri-" + ProcessHandle.current().pid();

    private static CriContainerd containerd;
    private static CriClient cri;
    private static HostSnapshot before;
    /** The observations of each handler's pod, made once and shared by the tests. */
    private static final Map<String, PodRun> runs = new LinkedHashMap<>();
    private static final Map<String, Throwable> failures = new LinkedHashMap<>();

    @BeforeAll
    static void startContainerd() throws Exception {
        before = HostSnapshot.take();
        containerd = new CriContainerd(Crema.LAUNCHER, "sh", "sleep", "echo", "cat", "readlink", "hostname", "ip");
        cri = new CriClient(containerd.socket(), 120);
    }

    @AfterAll
    static void stopContainerdAndCheckTheHostIsClean() throws Exception {
        if (cri != null) cri.close();
        if (containerd == null) return;
        // what is found left is collected, then cleaned up whatever it is, then reported
        List<String> left = new ArrayList<>();
        containerd.stopDaemon();
        List<String> processes = waitFor(containerd::processesLeft);
        if (!processes.isEmpty()) left.add("processes (containerd, shims): " + processes);
        if (!containerd.mountsLeft().isEmpty()) left.add("mounts: " + containerd.mountsLeft());
        if (!HostSnapshot.initPids().equals(before.initsBefore())) left.add("crema-init processes: " + HostSnapshot.initPids());
        for (PodRun run : runs.values()) {
            for (String id : run.ids()) {
                if (!HostSnapshot.cgroupsNamed(id).isEmpty()) left.add("cgroups: " + HostSnapshot.cgroupsNamed(id));
            }
        }
        containerd.killLeftProcesses();
        killPodProcesses();
        List<String> notEmpty = removePodCgroups();
        if (!notEmpty.isEmpty()) left.add("pod cgroups not empty: " + notEmpty);
        containerd.clean();
        assertEquals(List.of(), left, "left behind");
    }

    @Test
    void versionAndStatusAreContainerdsCri() {
        VersionResponse version = cri.version(VersionRequest.newBuilder().setVersion("v1").build());
        assertEquals("containerd", version.getRuntimeName());
        assertEquals("v1", version.getRuntimeApiVersion());
        Map<String, Boolean> conditions = new LinkedHashMap<>();
        for (RuntimeCondition c : cri.status(StatusRequest.getDefaultInstance()).getStatus().getConditionsList()) {
            conditions.put(c.getType(), c.getStatus());
        }
        assertEquals(Map.of("RuntimeReady", true, "NetworkReady", true), conditions, "a node ready for pods");
    }

    @Test
    void aHandlerContainerdDoesNotHaveIsRefused() {
        PodSandboxConfig config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("pod-unknown").setUid("uid-unknown").setNamespace("default"))
                .build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> cri.runPodSandbox(
                RunPodSandboxRequest.newBuilder().setConfig(config).setRuntimeHandler("no-such-handler").build()));
        assertTrue(refused.getMessage().contains("no runtime for \"no-such-handler\" is configured"), refused.getMessage());
    }

    @Test
    void aPodOfTwoContainersRunsThroughCrema() throws Exception {
        PodRun run = run("crema");
        assertEquals("crema", run.handler());
        // crema kept the state of the pause container and of both containers in the handler's root, and answered
        // for them: runc's state directory there would not be readable by crema, nor crema's by runc
        assertEquals(List.of("running", "running", "running"), run.stateWhileRunning(), "crema state of " + run.ids());
        assertEquals(List.of(), run.stateDirsLeft(), "crema's state directories are gone after RemovePodSandbox");
    }

    @Test
    void runcAnswersAsCremaDoes() throws Exception {
        PodRun crema = run("crema");
        PodRun runc = run("runc");
        assertEquals(List.of("running", "running", "running"), runc.stateWhileRunning(), "runc state of " + runc.ids());
        assertEquals(List.of(), runc.stateDirsLeft(), "runc's state directories are gone after RemovePodSandbox");
        assertEquals(runc.comparable(), crema.comparable(), "what a kubelet sees, crema as runc");
    }

    /** The kubelet's sequence for a pod with this runtime handler, once; asserts what holds for any runtime. */
    private static synchronized PodRun run(String handler) throws Exception {
        PodRun done = runs.get(handler);
        if (done != null) return done;
        Throwable failed = failures.get(handler);
        if (failed != null) throw new AssertionError("the " + handler + " pod failed before", failed);
        try {
            PodRun run = new PodDriver(handler).drive();
            runs.put(handler, run);
            return run;
        } catch (Exception | AssertionError e) {
            failures.put(handler, e);
            throw e;
        }
    }

    /**
     * What one pod showed: {@link #comparable} holds what must be the same whichever runtime ran it; the rest is
     * the runtime's own evidence.
     */
    record PodRun(String handler, List<String> ids, List<String> stateWhileRunning, List<String> stateDirsLeft,
            Map<String, Object> comparable) {}

    /** One pod through the CRI, step by step as the kubelet goes. */
    private static final class PodDriver {
        private final String handler;
        private final PodSandboxConfig sandboxConfig;
        private final Path logs;
        private final Map<String, Object> seen = new LinkedHashMap<>();

        PodDriver(String handler) throws Exception {
            this.handler = handler;
            logs = Files.createDirectories(containerd.dir.resolve("logs-" + handler));
            sandboxConfig = PodSandboxConfig.newBuilder()
                    .setMetadata(PodSandboxMetadata.newBuilder().setName("pod-" + handler).setUid("uid-" + handler)
                            .setNamespace("default"))
                    .setHostname("crema-it-pod")
                    .setLogDirectory(logs.toString())
                    .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/" + CGROUP_PARENT + "/pod-" + handler)
                            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                    .setNamespaceOptions(kubeletNamespaces())))
                    .build();
        }

        /** What the kubelet sets for a pod without hostNetwork, hostPID, hostIPC or shareProcessNamespace. */
        private static NamespaceOption kubeletNamespaces() {
            return NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER)
                    .setIpc(NamespaceMode.POD).build();
        }

        PodRun drive() throws Exception {
            String sandbox = cri.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig)
                    .setRuntimeHandler(handler).build()).getPodSandboxId();
            try {
                return driveSandbox(sandbox);
            } catch (Exception | AssertionError e) {
                // as the kubelet does with a pod it gives up: StopPodSandbox, RemovePodSandbox (containers too)
                try {
                    cri.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
                    cri.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }

        private PodRun driveSandbox(String sandbox) throws Exception {
            PodSandboxStatusResponse status = cri.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                    .setPodSandboxId(sandbox).setVerbose(true).build());
            assertEquals(PodSandboxState.SANDBOX_READY, status.getStatus().getState());
            assertEquals(handler, status.getStatus().getRuntimeHandler());
            String ip = status.getStatus().getNetwork().getIp();
            assertTrue(ip.startsWith("192.0.2."), "the pod has an address of the CNI network: " + ip);
            long pausePid = ((Number) ((Map<?, ?>) Json.parse(status.getInfoOrThrow("info"))).get("pid")).longValue();
            Map<String, String> pauseNamespaces = namespacesOf(pausePid);

            String first = createContainer(sandbox, "first",
                    "trap 'echo stopping; exit 0' TERM; echo started first; sleep infinity & wait");
            String second = createContainer(sandbox, "second", "echo started second; exec sleep infinity");
            List<String> ids = List.of(sandbox, first, second);
            assertEquals(ContainerState.CONTAINER_CREATED, containerStatus(first).getState());
            cri.startContainer(StartContainerRequest.newBuilder().setContainerId(first).build());
            cri.startContainer(StartContainerRequest.newBuilder().setContainerId(second).build());
            assertEquals(ContainerState.CONTAINER_RUNNING, containerStatus(first).getState());
            assertEquals(ContainerState.CONTAINER_RUNNING, containerStatus(second).getState());
            List<String> states = new ArrayList<>();
            for (String id : ids) states.add(runtimeStatus(id));

            Map<String, String> firstNamespaces = namespacesInside(first);
            Map<String, String> secondNamespaces = namespacesInside(second);
            for (String shared : List.of("net", "ipc", "uts")) {
                assertEquals(pauseNamespaces.get(shared), firstNamespaces.get(shared), shared + " of the pod, first");
                assertEquals(pauseNamespaces.get(shared), secondNamespaces.get(shared), shared + " of the pod, second");
            }
            for (String own : List.of("pid", "mnt")) {
                assertNotEquals(firstNamespaces.get(own), secondNamespaces.get(own), own + " is each container's own");
                assertNotEquals(pauseNamespaces.get(own), firstNamespaces.get(own), own + " is not the pause container's");
            }
            assertNotEquals(namespacesOf(ProcessHandle.current().pid()).get("net"), firstNamespaces.get("net"),
                    "the pod's network is not the host's");

            String oomScoreAdj = execSync(second, "cat /proc/1/oom_score_adj /proc/self/oom_score_adj").getStdout().toStringUtf8();
            assertTrue(oomScoreAdj.startsWith("1000\n"), "the container's resources.oom_score_adj: " + oomScoreAdj);
            seen.put("oom_score_adj of the container, of an exec'd process", oomScoreAdj);
            ExecSyncResponse exec = execSync(first, "echo out; echo err >&2; hostname; exit 3");
            seen.put("exec exit code", exec.getExitCode());
            seen.put("exec stdout", exec.getStdout().toStringUtf8());
            seen.put("exec stderr", exec.getStderr().toStringUtf8());
            assertEquals(3, exec.getExitCode());
            assertEquals("out\ncrema-it-pod\n", exec.getStdout().toStringUtf8());
            ExecSyncResponse address = execSync(second, "ip -4 -o addr show eth0");
            assertTrue(address.getStdout().toStringUtf8().contains(" " + ip + "/24 "), address.getStdout().toStringUtf8());

            for (String id : List.of(first, second)) {
                ContainerStats stats = cri.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build()).getStats();
                assertEquals(id, stats.getAttributes().getId());
                assertTrue(stats.getCpu().getUsageCoreNanoSeconds().getValue() > 0, "cpu used by " + id + ": " + stats);
                assertTrue(stats.getMemory().getWorkingSetBytes().getValue() > 0, "memory of " + id + ": " + stats);
                assertTrue(stats.getMemory().getUsageBytes().getValue() > 0, "memory of " + id + ": " + stats);
            }

            // first stops on SIGTERM within the grace period; second ignores it (pid 1 without a handler) and is
            // killed when the grace period of 0 is over
            cri.stopContainer(StopContainerRequest.newBuilder().setContainerId(first).setTimeout(30).build());
            cri.stopContainer(StopContainerRequest.newBuilder().setContainerId(second).setTimeout(0).build());
            ContainerStatus firstStopped = containerStatus(first);
            ContainerStatus secondStopped = containerStatus(second);
            seen.put("first after StopContainer", List.of(firstStopped.getState().name(), firstStopped.getExitCode(),
                    firstStopped.getReason()));
            seen.put("second after StopContainer", List.of(secondStopped.getState().name(), secondStopped.getExitCode(),
                    secondStopped.getReason()));
            assertEquals(ContainerState.CONTAINER_EXITED, firstStopped.getState());
            assertEquals(0, firstStopped.getExitCode());
            assertEquals(137, secondStopped.getExitCode(), "SIGKILL");
            seen.put("first's log", logLines("first.log"));
            seen.put("second's log", logLines("second.log"));

            cri.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(first).build());
            cri.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(second).build());
            // each twice, as the kubelet may call them: both are idempotent (a StopPodSandbox after the removal is
            // not: containerd answers NotFound, which the kubelet takes as done)
            cri.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
            cri.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
            cri.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
            cri.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());

            for (String id : ids) {
                assertEquals(List.of(), HostSnapshot.cgroupsNamed(id), "cgroups of " + id);
                for (String mount : containerd.mountsLeft()) assertFalse(mount.contains(id), "mount left: " + mount);
            }
            List<String> stateDirsLeft = new ArrayList<>();
            for (String id : ids) if (Files.exists(containerd.runtimeRoot(handler).resolve(id))) stateDirsLeft.add(id);
            return new PodRun(handler, ids, states, stateDirsLeft, seen);
        }

        private String createContainer(String sandbox, String name, String script) {
            ContainerConfig config = ContainerConfig.newBuilder()
                    .setMetadata(ContainerMetadata.newBuilder().setName(name))
                    .setImage(ImageSpec.newBuilder().setImage(CriContainerd.IMAGE))
                    .addCommand("sh").addArgs("-c").addArgs(script)
                    .setLogPath(name + ".log")
                    // what the kubelet gives a BestEffort pod's containers
                    .setLinux(LinuxContainerConfig.newBuilder()
                            .setResources(LinuxContainerResources.newBuilder().setOomScoreAdj(1000))
                            .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                    .setNamespaceOptions(kubeletNamespaces())))
                    .build();
            return cri.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandbox).setConfig(config)
                    .setSandboxConfig(sandboxConfig).build()).getContainerId();
        }

        private ContainerStatus containerStatus(String id) {
            return cri.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
        }

        private ExecSyncResponse execSync(String id, String script) {
            return cri.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addCmd("sh").addCmd("-c").addCmd(script)
                    .setTimeout(60).build());
        }

        /** The namespaces of a process in a container, as it sees them: type -> "net:[4026532...]". */
        private Map<String, String> namespacesInside(String id) {
            ExecSyncResponse links = execSync(id,
                    "for ns in net ipc uts pid mnt; do echo $ns $(readlink /proc/self/ns/$ns); done");
            assertEquals(0, links.getExitCode(), links.getStderr().toStringUtf8());
            Map<String, String> namespaces = new LinkedHashMap<>();
            for (String line : links.getStdout().toStringUtf8().split("\n")) {
                String[] kv = line.split(" ", 2);
                namespaces.put(kv[0], kv[1]);
            }
            return namespaces;
        }

        /** The status field of the runtime's own state of a container, asked of the handler's runtime itself. */
        private String runtimeStatus(String id) {
            Path binary = handler.equals("crema") ? Crema.LAUNCHER : RuncPeer.RUNC;
            Crema.Result state = Crema.exec(List.of(binary.toString(), "--root", containerd.runtimeRoot(handler).toString(),
                    "state", id), null);
            if (state.exitCode() != 0) return "no state: " + state.stderr().strip();
            return (String) ((Map<?, ?>) Json.parse(state.stdout())).get("status");
        }

        /** The lines of a container's CRI log without their timestamps: "stdout F started first". */
        private List<String> logLines(String name) throws Exception {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(logs.resolve(name))) lines.add(line.substring(line.indexOf(' ') + 1));
            return lines;
        }
    }

    private static Map<String, String> namespacesOf(long pid) throws Exception {
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (String ns : List.of("net", "ipc", "uts", "pid", "mnt")) {
            namespaces.put(ns, Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns)).toString());
        }
        return namespaces;
    }

    /** SIGKILL to every process in the pods' cgroups: only what a failed test left there. */
    private static void killPodProcesses() throws Exception {
        Path top = Path.of("/sys/fs/cgroup/pids", CGROUP_PARENT);
        if (!Files.isDirectory(top)) return;
        try (var procs = Files.find(top, 3, (p, a) -> p.getFileName().toString().equals("cgroup.procs"))) {
            for (Path file : procs.toList()) {
                for (String pid : Files.readAllLines(file)) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        waitFor(() -> {
            try (var procs = Files.find(top, 3, (p, a) -> p.getFileName().toString().equals("cgroup.procs"))) {
                List<String> pids = new ArrayList<>();
                for (Path file : procs.toList()) pids.addAll(Files.readAllLines(file));
                return pids;
            } catch (java.io.IOException e) {
                return List.of();
            }
        });
    }

    /**
     * The kubelet makes and removes a pod's parent cgroups, not the runtime: here that is the test. Returns those that
     * could not be removed (not empty).
     */
    private static List<String> removePodCgroups() {
        return EngineFixture.removeCgroupsIfEmpty(CGROUP_PARENT + "/pod-crema", CGROUP_PARENT + "/pod-runc", CGROUP_PARENT);
    }

    /** The list once it is empty, or as it is after about 5 s: processes take a moment to exit. */
    private static List<String> waitFor(java.util.function.Supplier<List<String>> left) throws InterruptedException {
        List<String> now = left.get();
        for (int i = 0; i < 250 && !now.isEmpty(); i++) {
            Thread.sleep(20);
            now = left.get();
        }
        return now;
    }
}

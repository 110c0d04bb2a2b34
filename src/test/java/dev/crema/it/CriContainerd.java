package dev.crema.it;

import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's containerd 1.6 with its CRI plugin enabled, as a Kubernetes node runs it, but of the test's own: its
 * own config, root, state directory and socket, never the host's default containerd. Two runtime handlers, both
 * the runc v2 shim: {@code crema} runs crema through the shim's BinaryName option, {@code runc} runs Debian's
 * runc, to compare with. Each handler has a runtime root of its own (the shim's Root option) in the test's
 * directory, so the state a runtime keeps there shows which runtime ran a container.
 *
 * <p>Images: no registry is reachable, so the sandbox (pause) image and the containers' image are made here from
 * busybox-static and imported with ctr into the k8s.io namespace, where the CRI plugin finds them; the pause
 * image's command is {@code sleep infinity}.
 *
 * <p>Network: containerd runs in a network namespace of its own (unshare --net), which stands for the node's,
 * and pods get a real CNI network there from Debian's containernetworking-plugins: the bridge plugin with
 * host-local addresses from 192.0.2.0/24 (TEST-NET-1, never routed), its address file in the test's directory.
 * The host's own network is not touched, and the bridge goes with the namespace when containerd and its shims
 * exit. A loopback-only network does not do (tried): containerd 1.6 fails RunPodSandbox with "failed to find
 * network info for sandbox", as it takes the pod's address from an eth0 in the CNI result. Host-network pods
 * would not do either: they share the node's network and UTS namespaces, so there would be nothing of the pod's
 * to share.
 */
final class CriContainerd {
    static final String NAMESPACE = "k8s.io";
    static final String PAUSE_IMAGE = "localhost/crema-it-pause:latest";
    static final String IMAGE = "localhost/crema-it-busybox:latest";
    static final String SUBNET = "192.0.2.0/24";
    private static final Path CNI_BIN = Path.of("/usr/lib/cni");

    final Path dir;
    private final Process daemon;

    CriContainerd(Path crema, String... applets) throws Exception {
        Requirement.needProgram("/usr/bin/containerd", "containerd");
        Requirement.needProgram("/usr/bin/python3", "python3");
        Requirement.needProgram(RuncPeer.RUNC.toString(), "runc");
        Requirement.needProgram(CNI_BIN.resolve("bridge").toString(), "containernetworking-plugins");
        Requirement.needProgram(CNI_BIN.resolve("host-local").toString(), "containernetworking-plugins");
        Requirement.needProgram("/bin/busybox", "busybox-static");
        dir = Files.createTempDirectory("crema-it-cri");
        Files.createDirectories(dir.resolve("cni"));
        Files.writeString(dir.resolve("cni/10-crema-it.conflist"), """
                {"cniVersion": "1.0.0", "name": "crema-it", "plugins": [{
                  "type": "bridge", "bridge": "crema-it0", "isGateway": false, "ipMasq": false,
                  "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "dataDir": "%s"}}]}
                """.formatted(SUBNET, dir.resolve("cni-ipam")));
        Path config = Files.writeString(dir.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/containerd.sock"
                # not /opt/containerd, which this plugin would otherwise make on the host
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  # the pods' network namespaces are mounted in our state directory, not /var/run/netns
                  netns_mounts_under_state_dir = true
                  # the pause container's oom_score_adj is -998, and lowering it needs CAP_SYS_RESOURCE, which this
                  # machine's bounding set lacks: runc and crema both fail RunPodSandbox on it (EACCES). This keeps
                  # every oom_score_adj at containerd's own or above, as for a containerd without that capability.
                  restrict_oom_score_adj = true
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%3$s"
                    conf_dir = "%1$s/cni"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        BinaryName = "%4$s"
                        Root = "%1$s/runtime-runc"
                        SystemdCgroup = false
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crema]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crema.options]
                        BinaryName = "%5$s"
                        Root = "%1$s/runtime-crema"
                        SystemdCgroup = false
                """.formatted(dir, PAUSE_IMAGE, CNI_BIN, RuncPeer.RUNC, crema));
        // A network namespace of its own with its loopback up, as a node's is (the CRI plugin's streaming server
        // listens on 127.0.0.1); exec, so that the daemon's pid is containerd's own.
        try {
            daemon = EngineFixture.startDaemon(dir, "containerd", List.of("unshare", "--net", "sh", "-c",
                    "/bin/busybox ip link set lo up && exec containerd --config \"$0\"", config.toString()),
                    ctrCommand("version"));
        } catch (Exception | AssertionError e) {
            EngineFixture.stopAndClean(null, dir);
            throw e;
        }
        try {
            Path rootfs = EngineFixture.busyboxRootfs(dir, applets);
            importImage(rootfs, "pause", "localhost/crema-it-pause", "sleep", "infinity");
            importImage(rootfs, "busybox", "localhost/crema-it-busybox", "sh");
        } catch (Exception | AssertionError e) {
            stopDaemon();
            clean();
            throw e;
        }
    }

    private void importImage(Path rootfs, String name, String baseName, String... command) {
        Path archive = dir.resolve(name + ".tar");
        List<String> make = new ArrayList<>(List.of("python3", Crema.REPO.resolve("src/test/resources/oci-image.py").toString(),
                rootfs.toString(), archive.toString()));
        make.addAll(List.of(command));
        Crema.exec(make, null).ok();
        Crema.exec(ctrCommand("images", "import", "--base-name", baseName, archive.toString()), null).ok();
    }

    Path socket() {
        return dir.resolve("containerd.sock");
    }

    /** The --root the shim gives the runtime of this handler for the CRI's containers. */
    Path runtimeRoot(String handler) {
        return dir.resolve("runtime-" + handler).resolve(NAMESPACE);
    }

    /** Where the CRI plugin mounts the pods' /dev/shm, network namespaces and container root filesystems. */
    Path stateDir() {
        return dir.resolve("state");
    }

    List<String> ctrCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", socket().toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        return command;
    }

    /** The daemon's log so far, for failure messages. */
    String log() {
        try {
            return Files.readString(dir.resolve("containerd.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Mount points under the test's directory: none may be left once the pods are removed. */
    List<String> mountsLeft() {
        List<String> left = new ArrayList<>();
        for (String point : HostSnapshot.mountPoints()) if (point.startsWith(dir.toString())) left.add(point);
        return left;
    }

    /** Processes whose command line names the test's directory: containerd and the shims it started. */
    List<String> processesLeft() {
        List<String> left = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String line = p.info().commandLine().orElse("");
            if (line.contains(dir.toString()) && p.pid() != ProcessHandle.current().pid()) left.add(p.pid() + " " + line);
        }
        return left;
    }

    /** SIGKILL to the processes {@link #processesLeft} finds: what a failed test left running. */
    void killLeftProcesses() {
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.pid() != ProcessHandle.current().pid() && p.info().commandLine().orElse("").contains(dir.toString())) {
                p.destroyForcibly();
            }
        }
    }

    /** SIGTERM to containerd (SIGKILL after 20 s); what it leaves is for the test to look at, then {@link #clean}. */
    void stopDaemon() throws Exception {
        EngineFixture.stopAndClean(daemon, null);
    }

    /** Detaches any mount left under the test's directory and removes it. */
    void clean() throws Exception {
        EngineFixture.stopAndClean(null, dir);
        // where the shims keep their sockets, whatever containerd's own directories are; a host's own containerd
        // keeps what is in use
        EngineFixture.removeIfEmpty("/run/containerd/s", "/run/containerd");
    }
}

package dev.crema.it;

import dev.crema.testing.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the engine tests share: a busybox rootfs to make an image of (no registry is reachable), and an engine
 * daemon of the test's own, in a private directory, stopped and cleaned up after. {@link Podman},
 * {@link Containerd} and {@link Docker} set each engine up with crema as its runtime, given by path: the
 * checkout's bin/crema (PodmanIT, ContainerdIT, DockerIT) or the installed package's /usr/bin/crema
 * (InstalledPackageEnginesIT).
 */
final class EngineFixture {
    private EngineFixture() {}

    /** dir/rootfs with busybox and these applets, ready to be imported as an image. */
    static Path busyboxRootfs(Path dir, String... applets) throws IOException {
        Path rootfs = dir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        for (String d : new String[] {"proc", "dev", "sys", "tmp", "etc"}) Files.createDirectories(rootfs.resolve(d));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : applets) Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        return rootfs;
    }

    /** Starts a daemon with its output in dir/NAME.log; {@code ready} is polled (10 ms apart, 20 s at most). */
    static Process startDaemon(Path dir, String name, List<String> command, List<String> ready) throws Exception {
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        for (int i = 0; i < 2000; i++) {
            if (!daemon.isAlive()) throw new AssertionError(name + " exited: " + Files.readString(dir.resolve(name + ".log")));
            if (Crema.exec(ready, null).exitCode() == 0) return daemon;
            Thread.sleep(10);
        }
        daemon.destroyForcibly();
        throw new AssertionError(name + " not ready in 20 s: " + Files.readString(dir.resolve(name + ".log")));
    }

    /**
     * Removes these directories, in order, where they are empty: what an engine makes outside its private
     * directory (the shim's runtime root, /run/docker/plugins). A host's own engine keeps what is in use.
     */
    static void removeIfEmpty(String... dirs) {
        for (String empty : dirs) {
            try {
                Files.deleteIfExists(Path.of(empty));
            } catch (IOException notEmptyOrNotOurs) {
                // kept
            }
        }
    }

    /** SIGTERM, then SIGKILL; then every mount left under dir is detached and dir removed. */
    static void stopAndClean(Process daemon, Path dir) throws Exception {
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir == null) return;
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String target = line.split(" ")[4];
            if (target.startsWith(dir.toString())) mounts.add(target);
        }
        for (String target : mounts.reversed()) Crema.exec(List.of("umount", "-l", target), null);
        Crema.exec(List.of("rm", "-rf", dir.toString()), null);
    }

    /**
     * CREMA_IT_SERVER=1 (as for DifferentialIT): a `crema server` for the root the engine passes crema, started
     * with the fixture; at the end it must have served commands (the engine's calls went through it), then it
     * stops. The root is the engine's own choice, as observed: podman passes none (/run/crema), containerd's
     * shim /run/containerd/runc/NAMESPACE, dockerd's EXEC_ROOT/runtime-runc/moby.
     */
    static final class EngineServer {
        private final Path runtime;
        private final Path root;

        EngineServer(Path runtime, String root) {
            this.runtime = runtime;
            this.root = Path.of(root);
            if (Differential.SERVER_MODE) {
                Crema.exec(List.of(runtime.toString(), "--root", root, "server", "start", "--idle-timeout", "30m"), null).ok();
            }
        }

        void stop() {
            if (!Differential.SERVER_MODE) return;
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("CREMA_NO_SERVER", "1");
            String status = Crema.exec(List.of(runtime.toString(), "--root", root.toString(), "server", "status"), null,
                    null, env).stdout();
            Crema.exec(List.of(runtime.toString(), "--root", root.toString(), "server", "stop"), null, null, env);
            long served = status.lines().filter(l -> l.startsWith("served ")).mapToLong(l -> Long.parseLong(l.substring(7)))
                    .findFirst().orElse(0);
            if (served == 0) throw new AssertionError("the crema server of " + root + " served no command: " + status);
        }
    }

    /** podman with crema at {@code runtime} as its default runtime, a containers.conf of its own and a busybox image. */
    static final class Podman {
        final String image = "localhost/crema-it-busybox:" + ProcessHandle.current().pid();
        private final Path runtime;
        private final Path dir;
        private final Path conf;
        private final EngineServer server;

        Podman(Path runtime, String... applets) throws Exception {
            Requirement.needProgram("/usr/bin/podman", "podman");
            this.runtime = runtime;
            server = new EngineServer(runtime, "/run/crema");
            dir = Files.createTempDirectory("crema-it-podman");
            busyboxRootfs(dir, applets);
            conf = dir.resolve("containers.conf");
            Files.writeString(conf, """
                    [containers]
                    default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

                    [engine]
                    cgroup_manager = "cgroupfs"
                    events_logger = "file"
                    runtime = "crema"
                    runtime_supports_json = ["crema", "crun", "runc"]

                    [engine.runtimes]
                    crema = ["%s"]
                    """.formatted(runtime));
        }

        /** dir/rootfs, to add files to before {@link #importImage}. */
        Path rootfs() {
            return dir.resolve("rootfs");
        }

        void importImage() {
            Path tar = dir.resolve("rootfs.tar");
            Crema.exec(List.of("tar", "-C", rootfs().toString(), "-cf", tar.toString(), "."), null).ok();
            run("import", tar.toString(), image).ok();
        }

        Crema.Result run(String... args) {
            List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "podman", "--runtime",
                    runtime.toString()));
            command.addAll(List.of(args));
            return Crema.exec(command, null);
        }

        void remove() {
            run("rmi", "-f", image);
            Crema.exec(List.of("rm", "-rf", dir.toString()), null);
            server.stop();
        }
    }

    /**
     * containerd of the test's own on a private socket, a busybox OCI image imported, and ctr as the client, with
     * crema at {@code runtime} as the runc shim's runc binary.
     */
    static final class Containerd {
        static final String NAMESPACE = "crema-it";
        static final String IMAGE = "localhost/crema-it-busybox:latest";
        private final Path runtime;
        private final Path dir;
        private final Process daemon;
        private final EngineServer server;

        Containerd(Path runtime, String... applets) throws Exception {
            Requirement.needProgram("/usr/bin/containerd", "containerd");
            Requirement.needProgram("/usr/bin/python3", "python3");
            this.runtime = runtime;
            server = new EngineServer(runtime, "/run/containerd/runc/" + NAMESPACE);
            dir = Files.createTempDirectory("crema-it-ctd");
            Path config = Files.writeString(dir.resolve("config.toml"), """
                    version = 2
                    root = "%1$s/root"
                    state = "%1$s/state"
                    disabled_plugins = ["io.containerd.grpc.v1.cri"]
                    [grpc]
                      address = "%1$s/containerd.sock"
                    """.formatted(dir));
            daemon = startDaemon(dir, "containerd", List.of("containerd", "--config", config.toString()),
                    command("version"));
            Path rootfs = busyboxRootfs(dir, applets);
            Path archive = dir.resolve("image.tar");
            Path script = Crema.REPO.resolve("src/test/resources/oci-image.py");
            Crema.exec(List.of("python3", script.toString(), rootfs.toString(), archive.toString()), null).ok();
            ctr("images", "import", "--base-name", "localhost/crema-it-busybox", archive.toString()).ok();
        }

        List<String> command(String... args) {
            List<String> command = new ArrayList<>(List.of("ctr", "--address", dir.resolve("containerd.sock").toString(),
                    "--namespace", NAMESPACE));
            command.addAll(List.of(args));
            return command;
        }

        Crema.Result ctr(String... args) {
            return Crema.exec(command(args), null);
        }

        /** ctr's arguments for `run` through the runc shim with crema as its runc binary, then these. */
        List<String> run(String... rest) {
            List<String> args = new ArrayList<>(List.of("run", "--runtime", "io.containerd.runc.v2", "--runc-binary",
                    runtime.toString()));
            args.addAll(List.of(rest));
            return args;
        }

        void stop() throws Exception {
            stopAndClean(daemon, dir);
            server.stop();
            // the shim's --root for our namespace, empty once every container is deleted
            removeIfEmpty("/run/containerd/runc/" + NAMESPACE, "/run/containerd/runc", "/run/containerd/fifo",
                    "/run/containerd/s", "/run/containerd");
        }
    }

    /**
     * dockerd of the test's own on a private socket and data root, without networking set up, with crema at
     * {@code runtime} added as the runtime "crema", and a busybox image imported from a tarball made here.
     */
    static final class Docker {
        static final String IMAGE = "localhost/crema-it-busybox:latest";
        private final Path dir;
        private final Process daemon;
        private final EngineServer server;

        Docker(Path runtime, String... applets) throws Exception {
            Requirement.needProgram("/usr/sbin/dockerd", "docker.io");
            dir = Files.createTempDirectory("crema-it-dkr");
            // dockerd gives the runc shim EXEC_ROOT/runtime-runc as the root, the shim adds the namespace
            server = new EngineServer(runtime, dir.resolve("exec/runtime-runc/moby").toString());
            daemon = startDaemon(dir, "dockerd", List.of("dockerd", "--data-root", dir.resolve("root").toString(),
                    "--exec-root", dir.resolve("exec").toString(), "--host", "unix://" + dir.resolve("docker.sock"),
                    "--pidfile", dir.resolve("docker.pid").toString(), "--iptables=false", "--bridge=none",
                    "--add-runtime", "crema=" + runtime), command("version"));
            Path rootfs = busyboxRootfs(dir, applets);
            Path tar = dir.resolve("rootfs.tar");
            Crema.exec(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), null).ok();
            docker("import", tar.toString(), IMAGE).ok();
        }

        List<String> command(String... args) {
            List<String> command = new ArrayList<>(List.of("/usr/bin/docker", "--host", "unix://" + dir.resolve("docker.sock")));
            command.addAll(List.of(args));
            return command;
        }

        Crema.Result docker(String... args) {
            return Crema.exec(command(args), null);
        }

        /** Removes these containers, stops dockerd and cleans up after it. */
        void stop(String... containers) throws Exception {
            if (containers.length > 0) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(List.of(containers));
                Crema.exec(command(rm.toArray(String[]::new)), null);
            }
            server.stop();
            stopAndClean(daemon, dir);
            // dockerd makes /run/docker/plugins whatever its exec root, and the shim its runtime root
            removeIfEmpty("/run/docker/runtime-runc/moby", "/run/docker/runtime-runc", "/run/docker/plugins",
                    "/run/docker", "/run/containerd/runc/moby", "/run/containerd/runc", "/run/containerd/fifo",
                    "/run/containerd/s", "/run/containerd");
        }
    }
}

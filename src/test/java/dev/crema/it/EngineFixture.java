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

    /** A busybox shell loop that doubles a string until the memory limit's OOM killer ends it. */
    static final String MEMORY_HOG = "x=a; while :; do x=$x$x; done";

    /**
     * Starts {@code foreground} (an engine's run of a container in the foreground), waits until {@code running}
     * says the container runs (20 s at most), {@code kill}s it, and returns the run's exit code.
     */
    static int killedRunExit(List<String> foreground, java.util.function.BooleanSupplier running, Runnable kill)
            throws Exception {
        Process run = new ProcessBuilder(foreground).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 2000 && run.isAlive() && !running.getAsBoolean(); i++) Thread.sleep(10);
            kill.run();
            if (!run.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("still running after the kill: " + foreground);
            return run.exitValue();
        } finally {
            run.destroyForcibly();
        }
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

    /**
     * Removes these cgroups (paths below a hierarchy's root, in order: deepest first) in every hierarchy where they
     * are empty, and returns those that could not be removed. An engine makes the parent cgroups of its containers
     * (containerd one for its namespace, dockerd docker, podman libpod_parent and libpod_parent/conmon), and neither
     * it nor the runtime removes them; a fresh machine has none, and the fresh-machine check rightly counts them as
     * left behind. Only the parents are named: a container's cgroup left below one keeps it, and is seen.
     */
    static List<String> removeCgroupsIfEmpty(String... cgroups) {
        List<String> left = new ArrayList<>();
        List<Path> hierarchies = new ArrayList<>(List.of(Path.of("/sys/fs/cgroup")));  // cgroup v2 alone: the root
        try (var mounted = Files.list(Path.of("/sys/fs/cgroup"))) {
            hierarchies.addAll(mounted.filter(Files::isDirectory).toList());  // hybrid: each v1 controller, unified
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String cgroup : cgroups) {
            for (Path hierarchy : hierarchies) {
                Path dir = hierarchy.resolve(cgroup);
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException inUse) {
                    left.add(dir + ": " + inUse.getMessage());
                }
            }
        }
        return left;
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
     * What the engine fixtures share: crema's path, the mode and the runtime root the engine passes crema, which is
     * the engine's own choice, as observed: podman passes none (/run/crema), containerd's shim
     * /run/containerd/runc/NAMESPACE, dockerd's EXEC_ROOT/runtime-runc/moby. In server mode a `crema server` for
     * that root starts with the fixture and must have served the engine's calls when it stops.
     */
    abstract static class Engine {
        final Path runtime;
        private final Path serverRoot;
        private final CremaServer server;

        Engine(Path runtime, Mode mode, Path serverRoot) {
            this.runtime = runtime;
            this.serverRoot = serverRoot;
            server = mode.server() ? CremaServer.start(runtime, serverRoot) : null;
        }

        void stopServer() {
            if (server != null) server.close();
        }

        /** One thing a test makes the engine do with a runtime (runc's path or crema's), and what the engine reported. */
        interface Probe {
            List<String> with(Path runtime) throws Exception;
        }

        /**
         * The engine must report {@code expected} with runc (Debian's 1.1.5), with crema without a server and with
         * crema through a server of the engine's root (which must serve the calls). A fixture already in server
         * mode (CREMA_IT_SERVER=1) has crema only through its own server.
         */
        void sameAsRunc(List<String> expected, Probe probe) throws Exception {
            org.junit.jupiter.api.Assertions.assertEquals(expected, probe.with(Differential.RUNC), "with runc");
            if (server != null) {
                org.junit.jupiter.api.Assertions.assertEquals(expected, probe.with(runtime), "with crema through a server");
                return;
            }
            org.junit.jupiter.api.Assertions.assertEquals(expected, probe.with(runtime), "with crema without a server");
            try (CremaServer through = CremaServer.start(runtime, serverRoot)) {
                org.junit.jupiter.api.Assertions.assertEquals(expected, probe.with(runtime), "with crema through a server");
            }
        }
    }

    /** podman with crema at {@code runtime} as its default runtime, a containers.conf of its own and a busybox image. */
    static final class Podman extends Engine {
        final String image = "localhost/crema-it-busybox:" + ProcessHandle.current().pid();
        private final Path dir;
        private final Path conf;

        Podman(Path runtime, Mode mode, String... applets) throws Exception {
            Requirement.needProgram("/usr/bin/podman", "podman");
            super(runtime, mode, Path.of("/run/crema"));
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
            return runWith(runtime, args);
        }

        /**
         * podman with this runtime (crema's or runc's path) for the command, in the fixture's directory: conmon
         * 2.1.6 writes its `oom` marker into the working directory it inherits.
         */
        Crema.Result runWith(Path runtime, String... args) {
            return Crema.exec(command(runtime, args), dir);
        }

        List<String> command(Path runtime, String... args) {
            List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "podman", "--runtime",
                    runtime.toString()));
            command.addAll(List.of(args));
            return command;
        }

        void remove() {
            run("rmi", "-f", image);
            Crema.exec(List.of("rm", "-rf", dir.toString()), null);
            stopServer();
            removeCgroupsIfEmpty("libpod_parent/conmon", "libpod_parent");
        }
    }

    /**
     * containerd of the test's own on a private socket, a busybox OCI image imported, and ctr as the client, with
     * crema at {@code runtime} as the runc shim's runc binary.
     */
    static final class Containerd extends Engine {
        static final String NAMESPACE = "crema-it";
        static final String IMAGE = "localhost/crema-it-busybox:latest";
        private final Path dir;
        private final Process daemon;

        Containerd(Path runtime, Mode mode, String... applets) throws Exception {
            Requirement.needProgram("/usr/bin/containerd", "containerd");
            Requirement.needProgram("/usr/bin/python3", "python3");
            super(runtime, mode, Path.of("/run/containerd/runc/" + NAMESPACE));
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
            return runWith(runtime, rest);
        }

        /** As {@link #run}, with this runc binary (crema's or runc's path). */
        List<String> runWith(Path runtime, String... rest) {
            List<String> args = new ArrayList<>(List.of("run", "--runtime", "io.containerd.runc.v2", "--runc-binary",
                    runtime.toString()));
            args.addAll(List.of(rest));
            return args;
        }

        void stop() throws Exception {
            stopAndClean(daemon, dir);
            stopServer();
            // the shim's --root for our namespace, empty once every container is deleted
            removeIfEmpty("/run/containerd/runc/" + NAMESPACE, "/run/containerd/runc", "/run/containerd/fifo",
                    "/run/containerd/s", "/run/containerd");
            removeCgroupsIfEmpty(NAMESPACE);
        }
    }

    /**
     * dockerd of the test's own on a private socket and data root, without networking set up, with crema at
     * {@code runtime} added as the runtime "crema", and a busybox image imported from a tarball made here.
     */
    static final class Docker extends Engine {
        static final String IMAGE = "localhost/crema-it-busybox:latest";
        private final Path dir;
        private final Process daemon;

        Docker(Path runtime, Mode mode, String... applets) throws Exception {
            Requirement.needProgram("/usr/sbin/dockerd", "docker.io");
            Path dir = Files.createTempDirectory("crema-it-dkr");
            // dockerd gives the runc shim EXEC_ROOT/runtime-runc as the root, the shim adds the namespace
            super(runtime, mode, dir.resolve("exec/runtime-runc/moby"));
            this.dir = dir;
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

        /** The runtime's name for `docker run --runtime`: dockerd's default "runc" (/usr/sbin/runc) or "crema". */
        String runtimeName(Path runtime) {
            return runtime.equals(Differential.RUNC) ? "runc" : "crema";
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
            stopServer();
            stopAndClean(daemon, dir);
            // dockerd makes /run/docker/plugins whatever its exec root, and the shim its runtime root
            removeIfEmpty("/run/docker/runtime-runc/moby", "/run/docker/runtime-runc", "/run/docker/plugins",
                    "/run/docker", "/run/containerd/runc/moby", "/run/containerd/runc", "/run/containerd/fifo",
                    "/run/containerd/s", "/run/containerd");
            removeCgroupsIfEmpty("docker");
        }
    }
}

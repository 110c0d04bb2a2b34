package dev.crema.it;

import dev.crema.spec.Json;
import dev.crema.spec.JsonWriter;
import dev.crema.testing.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An unprivileged user made for the test (useradd, with /etc/subuid and /etc/subgid ranges), its private
 * $XDG_RUNTIME_DIR and home, a copy of crema it can run (the checkout may not be readable by other users),
 * and a busybox bundle it owns. Everything is removed by {@link #close}: the user and its ranges, its
 * processes (there must be none left; podman's pause process is ended by pid), the temp directory.
 */
final class RootlessUser implements AutoCloseable {
    static final String[] APPLETS = {"sh", "echo", "sleep", "cat", "id", "ls", "grep", "true", "touch", "stat", "mount"};

    final String name;
    final long uid;
    final long gid;
    /** The first of the user's subordinate uids and gids, and how many (from /etc/subuid, /etc/subgid). */
    final long subuid;
    final long subgid;
    final long subCount;
    final Path dir;
    final Path home;
    final Path xdg;
    final Path crema;
    final Path bundle;

    RootlessUser() throws Exception {
        Requirement.needProgram("/usr/sbin/useradd", "passwd");
        Requirement.needProgram("/sbin/runuser", "util-linux");
        Requirement.needProgram("/usr/bin/newuidmap", "uidmap");
        Requirement.needProgram("/usr/bin/newgidmap", "uidmap");
        Requirement.needProgram("/bin/busybox", "busybox-static");
        name = "crema-rl" + (ProcessHandle.current().pid() % 100000);
        dir = Files.createTempDirectory("crema-rootless-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectory(dir.resolve("home"));
        Crema.exec(List.of("userdel", name), null); // a leftover of an interrupted run
        Crema.exec(List.of("useradd", "--home-dir", home.toString(), "--shell", "/bin/sh", name), null).ok();
        uid = Long.parseLong(Crema.exec(List.of("id", "-u", name), null).ok().stdout().trim());
        gid = Long.parseLong(Crema.exec(List.of("id", "-g", name), null).ok().stdout().trim());
        long[] uids = subordinate("/etc/subuid");
        long[] gids = subordinate("/etc/subgid");
        if (uids == null || gids == null) {
            // useradd gives ranges where login.defs asks for them (Debian does); else the test adds its own
            Crema.exec(List.of("usermod", "--add-subuids", "3000000-3065535", "--add-subgids", "3000000-3065535", name),
                    null).ok();
            uids = subordinate("/etc/subuid");
            gids = subordinate("/etc/subgid");
        }
        subuid = uids[0];
        subgid = gids[0];
        subCount = Math.min(uids[1], gids[1]);
        xdg = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));
        crema = copyOfCrema();
        bundle = Files.createDirectory(dir.resolve("bundle"));
        Path rootfs = EngineFixture.busyboxRootfs(bundle, APPLETS);
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        chown(home, xdg, bundle);
    }

    /** crema's client, launcher and built parts copied where the user can read them (not the AOT cache: it names the jar's path). */
    private Path copyOfCrema() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("crema/target"));
        Files.createDirectories(dir.resolve("crema/bin"));
        // bin/crema is the native client (a link into target/libexec); it runs bin/crema-jvm beside it
        Crema.exec(List.of("cp", "-a", Crema.LAUNCHER.toString(), dir.resolve("crema/bin/crema").toString()), null).ok();
        Crema.exec(List.of("cp", "-a", Crema.LAUNCHER.resolveSibling("crema-jvm").toString(),
                dir.resolve("crema/bin/crema-jvm").toString()), null).ok();
        Path target = Crema.REPO.resolve("target");
        for (String part : new String[] {"crema.jar", "libexec", "runtime"}) {
            if (Files.exists(target.resolve(part))) {
                Crema.exec(List.of("cp", "-a", target.resolve(part).toString(), copy.toString()), null).ok();
            }
        }
        Crema.exec(List.of("chmod", "-R", "a+rX", dir.resolve("crema").toString()), null).ok();
        return dir.resolve("crema/bin/crema");
    }

    /** [first, count] of the user's line in /etc/subuid or /etc/subgid, or null. */
    private long[] subordinate(String file) throws IOException {
        if (!Files.exists(Path.of(file))) return null;
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] f = line.split(":");
            if (f.length == 3 && f[0].equals(name)) return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        }
        return null;
    }

    void chown(Path... paths) {
        for (Path p : paths) Crema.exec(List.of("chown", "-R", name + ":" + name, p.toString()), null).ok();
    }

    /** The user's environment: its own home, $XDG_RUNTIME_DIR and $USER, and a PATH that finds newuidmap. */
    List<String> env() {
        return List.of("env", "-i", "HOME=" + home, "USER=" + name, "LOGNAME=" + name, "XDG_RUNTIME_DIR=" + xdg,
                "XDG_CONFIG_HOME=" + home.resolve(".config"), "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    }

    /** Runs a command as the user (runuser, so no password and no session), in {@code cwd}. */
    Crema.Result run(Path cwd, List<String> command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        full.addAll(env());
        full.addAll(command);
        return Crema.exec(full, cwd);
    }

    Crema.Result crema(String... args) {
        List<String> command = new ArrayList<>(List.of(crema.toString()));
        command.addAll(List.of(args));
        return run(bundle, command);
    }

    Crema.Result runc(String... args) {
        List<String> command = new ArrayList<>(List.of(RuncPeer.RUNC.toString()));
        command.addAll(List.of(args));
        return run(bundle, command);
    }

    /** Writes the bundle's config.json as the user owns it. */
    void writeConfig(Map<String, Object> config) throws IOException {
        Files.writeString(bundle.resolve("config.json"), JsonWriter.write(config, "  "));
        chown(bundle.resolve("config.json"));
    }

    /** `crema spec --rootless` as the user, parsed, with a process that needs no terminal. */
    @SuppressWarnings("unchecked")
    Map<String, Object> rootlessSpec(String... args) throws IOException {
        Files.deleteIfExists(bundle.resolve("config.json"));
        crema("spec", "--rootless").ok();
        Map<String, Object> config = (Map<String, Object>) Json.parse(Files.readString(bundle.resolve("config.json")));
        Map<String, Object> process = (Map<String, Object>) config.get("process");
        process.put("terminal", false);
        process.put("args", List.of(args));
        return config;
    }

    /** Pids of the user's processes, read from /proc (no ps: the count must be exact). */
    List<Long> processes() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) continue;
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:") && line.split("\\s+")[1].equals(Long.toString(uid))) pids.add(Long.parseLong(pid));
                    }
                } catch (IOException gone) {
                    // exited while listing
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return pids;
    }

    /** The user's processes once those that are only exiting are gone (a killed container is reaped by pid 1). */
    List<Long> processesLeft() throws InterruptedException {
        List<Long> left = processes();
        for (int i = 0; i < 250 && !left.isEmpty(); i++) {
            Thread.sleep(20);
            left = processes();
        }
        return left;
    }

    /** Ends podman's rootless pause process (catatonit), by the pid podman recorded. */
    void endPodmanPause() throws IOException {
        Path pauseFile = xdg.resolve("libpod/tmp/pause.pid");
        if (!Files.exists(pauseFile)) return;
        String pid = Files.readString(pauseFile).trim();
        if (!pid.isEmpty()) Crema.exec(List.of("kill", "-KILL", pid), null);
    }

    @Override
    public void close() throws Exception {
        endPodmanPause();
        for (long pid : processesLeft()) Crema.exec(List.of("kill", "-KILL", Long.toString(pid)), null);
        Crema.exec(List.of("userdel", name), null).ok();
        for (String file : new String[] {"/etc/subuid", "/etc/subgid"}) {
            // userdel removes the ranges; a shadow without that support leaves them, which the test then removes
            if (Files.exists(Path.of(file)) && subordinateLine(file)) {
                Crema.exec(List.of("sed", "-i", "/^" + name + ":/d", file), null).ok();
            }
        }
        Crema.exec(List.of("rm", "-rf", dir.toString()), null).ok();
    }

    private boolean subordinateLine(String file) throws IOException {
        for (String line : Files.readAllLines(Path.of(file))) {
            if (line.startsWith(name + ":")) return true;
        }
        return false;
    }
}

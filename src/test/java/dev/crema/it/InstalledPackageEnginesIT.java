package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The package the build made, installed on the host as a user would (apt-get install ./crema_*.deb), and podman,
 * containerd and docker each running a container through it, given as the path /usr/bin/crema; then apt-get
 * remove takes it away again. That it was the package's crema that ran, and not a checkout's, is the kernel's
 * word: inotify sees the package's JVM open /usr/lib/crema/crema.aot and the controller spawn
 * /usr/lib/crema/libexec/crema-init (a checkout's bin/crema opens neither). A crema the host already has at
 * /usr/bin/crema is left alone: the test does not run then.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstalledPackageEnginesIT {
    private static final Path INSTALLED = Path.of("/usr/bin/crema");
    private static final Path HOME = Path.of("/usr/lib/crema");

    /** Whether this test installed the package, and so removes it after. */
    private static boolean ours;
    private static FileOpens homeOpens;
    private static FileOpens libexecOpens;

    @BeforeAll
    static void installThePackage() throws Throwable {
        Requirement.needProgram("/usr/bin/apt-get", "apt");
        Requirement.need(!Files.exists(INSTALLED) && !packageInstalled(),
                "a host without crema installed (/usr/bin/crema or the package crema is there, a developer's own,"
                        + " which this test would replace and then remove; apt-get remove crema to run it)");
        Path deb = PackageIT.builtPackage();
        ours = true;
        apt("install", deb.toString()).ok();
        homeOpens = new FileOpens(HOME);
        libexecOpens = new FileOpens(HOME.resolve("libexec"));
    }

    @AfterAll
    static void removeThePackageIfStillThere() throws Throwable {
        if (homeOpens != null) homeOpens.close();
        if (libexecOpens != null) libexecOpens.close();
        if (ours && packageInstalled()) apt("remove", "crema");
    }

    @Test
    @Order(1)
    void theInstalledCremaRunsWithoutACheckout() {
        assertTrue(Files.isExecutable(INSTALLED), INSTALLED + " is installed");
        String version = Crema.exec(List.of(INSTALLED.toString(), "--version"), null).ok().stdout();
        assertTrue(version.startsWith("crema version "), version);
    }

    @Test
    @Order(2)
    void podmanRunsAContainerThroughUsrBinCrema() throws Throwable {
        EngineFixture.Podman podman = new EngineFixture.Podman(INSTALLED, Mode.PLAIN, "echo");
        drainOpens();
        try {
            podman.importImage();
            assertEquals("from podman\n", podman.run("run", "--rm", "--network", "none", podman.image,
                    "echo", "from podman").ok().stdout());
        } finally {
            podman.remove();
        }
        assertThePackageRan("podman");
    }

    @Test
    @Order(3)
    void containerdRunsAContainerThroughUsrBinCrema() throws Throwable {
        EngineFixture.Containerd containerd = new EngineFixture.Containerd(INSTALLED, Mode.PLAIN, "echo");
        try {
            drainOpens();
            List<String> run = containerd.run("--rm", EngineFixture.Containerd.IMAGE, "pkg-hello", "echo", "from containerd");
            assertEquals("from containerd\n", containerd.ctr(run.toArray(String[]::new)).ok().stdout());
            assertThePackageRan("containerd");
        } finally {
            containerd.stop();
        }
    }

    @Test
    @Order(4)
    void dockerRunsAContainerThroughUsrBinCrema() throws Throwable {
        EngineFixture.Docker docker = new EngineFixture.Docker(INSTALLED, Mode.PLAIN, "echo");
        try {
            drainOpens();
            assertEquals("from docker\n", docker.docker("run", "--rm", "--runtime", "crema", "--network", "none",
                    EngineFixture.Docker.IMAGE, "echo", "from docker").ok().stdout());
            assertThePackageRan("docker");
        } finally {
            docker.stop();
        }
    }

    @Test
    @Order(5)
    void aptRemovesItAll() throws Throwable {
        apt("remove", "crema").ok();
        assertFalse(packageInstalled(), "dpkg no longer has crema installed");
        assertFalse(Files.exists(INSTALLED), INSTALLED + " is gone");
        assertFalse(Files.exists(HOME), HOME + " is gone");
    }

    /** Forgets the opens so far (image imports and daemons starting run no crema, but earlier tests did). */
    private static void drainOpens() throws Throwable {
        homeOpens.take();
        libexecOpens.take();
    }

    private static void assertThePackageRan(String engine) throws Throwable {
        List<String> home = homeOpens.take();
        List<String> libexec = libexecOpens.take();
        assertTrue(home.contains("crema.aot"), engine + ": the package's JVM mapped its AOT cache; opened in " + HOME + ": " + home);
        assertTrue(libexec.contains("crema-init"), engine + ": the package's crema-init was spawned; opened in "
                + HOME.resolve("libexec") + ": " + libexec);
    }

    private static boolean packageInstalled() {
        Crema.Result status = Crema.exec(List.of("dpkg-query", "-W", "-f", "${db:Status-Abbrev}", "crema"), null);
        // "ii " installed; the second letter is the current state: n(ot installed) and c(onfig files only) are gone
        return status.exitCode() == 0 && status.stdout().length() > 1 && "nc".indexOf(status.stdout().charAt(1)) < 0;
    }

    /** apt-get -y, waiting for the dpkg lock (another apt on the host) rather than failing at once. */
    private static Crema.Result apt(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q",
                "-o", "DPkg::Lock::Timeout=120"));
        command.addAll(List.of(args));
        return Crema.exec(command, null);
    }
}

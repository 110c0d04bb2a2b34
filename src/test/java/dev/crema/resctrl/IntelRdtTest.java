package dev.crema.resctrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Linux.LinuxIntelRdt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's resctrl groups against a fake resctrl tree in a temp dir (this host has no resctrl). The
 * kernel's part is played by the test: it makes a group's tasks and schemata files after mkdir, and removes
 * them before rmdir (on resctrl, rmdir of a group takes its files and mon_groups with it).
 */
class IntelRdtTest {
    private static final String ID = "c1";

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void fakeResctrl() throws IOException {
        root = Files.createDirectories(tmp.resolve("resctrl"));
        Files.createDirectories(root.resolve("info/L3"));
        Files.createDirectories(root.resolve("info/MB"));
        Files.createDirectories(root.resolve("info/L3_MON"));
        Files.writeString(root.resolve("info/last_cmd_status"), "ok\n");
        kernelFiles(root);
    }

    /** What the kernel puts in a CLOS group (and the root, the default group) when it is made. */
    private static void kernelFiles(Path group) throws IOException {
        Files.writeString(group.resolve("tasks"), "");
        Files.writeString(group.resolve("schemata"), "L3:0=fff;1=fff\nMB:0=100;1=100\n");
        Files.createDirectories(group.resolve("mon_groups"));
    }

    /** What rmdir takes away with a group on resctrl; a plain directory must be empty first. */
    private static void kernelForgets(Path group) throws IOException {
        Files.deleteIfExists(group.resolve("tasks"));
        Files.deleteIfExists(group.resolve("schemata"));
        Files.deleteIfExists(group.resolve("mon_groups"));
    }

    private static LinuxIntelRdt rdt(String closID, String l3, String mb, List<String> schemata, Boolean monitoring) {
        return new LinuxIntelRdt(closID, l3, mb, schemata, monitoring);
    }

    private Path existingGroup(String name) throws IOException {
        Path group = Files.createDirectories(root.resolve(name));
        kernelFiles(group);
        return group;
    }

    @Test
    void withoutClosIDTheGroupIsTheContainersOwnMadeAndRemovedByCrema() throws IOException {
        IntelRdt rdt = new IntelRdt(root, ID, rdt(null, "L3:0=f0;1=f", null, List.of(), null));
        rdt.validate();
        Path group = root.resolve(ID);
        assertEquals(List.of(group.toString()), rdt.taskDirs());
        assertEquals(List.of(group.toString()), rdt.missingDirs());
        rdt.create();
        assertTrue(Files.isDirectory(group));
        assertEquals(List.of(group.toString()), rdt.createdDirs());

        kernelFiles(group);
        rdt.applySchemata();
        rdt.addProcess(4242);
        assertEquals("L3:0=f0;1=f\n", Files.readString(group.resolve("schemata")));
        assertEquals("4242", Files.readString(group.resolve("tasks")));

        kernelForgets(group);
        IntelRdt.destroy(rdt.createdDirs());
        assertFalse(Files.exists(group));
        assertTrue(Files.isDirectory(root), "the resctrl root stays");
    }

    @Test
    void anExistingClosGroupIsOnlyJoinedAndNeverRemoved() throws IOException {
        Path group = existingGroup("guaranteed");
        String before = Files.readString(group.resolve("schemata"));
        IntelRdt rdt = new IntelRdt(root, ID, rdt("guaranteed", null, null, List.of(), null));
        rdt.validate();
        assertEquals(List.of(group.toString()), rdt.taskDirs());
        assertEquals(List.of(), rdt.missingDirs());
        rdt.create();
        rdt.applySchemata();
        rdt.addProcess(77);
        assertEquals(List.of(), rdt.createdDirs());
        assertEquals("77", Files.readString(group.resolve("tasks")));
        assertEquals(before, Files.readString(group.resolve("schemata")), "no schemata given: the group's stay");

        IntelRdt.destroy(rdt.createdDirs());
        rdt.destroyCreated();
        assertTrue(Files.isDirectory(group), "a CLOS group crema did not make is never removed");
    }

    @Test
    void aClosGroupToJoinMustExistWhenNoSchemataMakeIt() {
        IntelRdt rdt = new IntelRdt(root, ID, rdt("absent", null, null, List.of(), null));
        ResctrlException e = assertThrows(ResctrlException.class, rdt::validate);
        assertTrue(e.getMessage().startsWith("linux.intelRdt.closID: the CLOS group " + root.resolve("absent")
                + " does not exist"), e.getMessage());
    }

    @Test
    void aClosGroupGivenWithSchemataIsMadeWhenMissingAndRemovedAgain() throws IOException {
        IntelRdt rdt = new IntelRdt(root, ID, rdt("new", null, "MB:0=20;1=70", List.of(), null));
        rdt.validate();
        Path group = root.resolve("new");
        assertEquals(List.of(group.toString()), rdt.missingDirs());
        rdt.create();
        kernelFiles(group);
        rdt.applySchemata();
        assertEquals("MB:0=20;1=70\n", Files.readString(group.resolve("schemata")));
        assertEquals(List.of(group.toString()), rdt.createdDirs());
        kernelForgets(group);
        rdt.destroyCreated();
        assertFalse(Files.exists(group));
    }

    @Test
    void anExistingClosGroupGivenSchemataGetsThemAsWithRunc() throws IOException {
        Path group = existingGroup("shared");
        IntelRdt rdt = new IntelRdt(root, ID, rdt("shared", "L3:0=f", null, List.of(), null));
        rdt.validate();
        rdt.create();
        rdt.applySchemata();
        assertEquals("L3:0=f\n", Files.readString(group.resolve("schemata")));
        assertEquals(List.of(), rdt.createdDirs());
    }

    @Test
    void schemataGoInRuncsOrderInOneWrite() throws IOException {
        Path group = existingGroup("g");
        new IntelRdt(root, ID, rdt("g", "L3:0=80;1=7f", "MB:0=2000;1=4000", List.of("L2:0=ff00;1=ff", "L3:0=c0;1=3f"),
                null)).applySchemata();
        assertEquals("L3:0=80;1=7f\nMB:0=2000;1=4000\nL2:0=ff00;1=ff\nL3:0=c0;1=3f\n",
                Files.readString(group.resolve("schemata")));
    }

    @Test
    void schemataLinesAloneNeedNoInfoDirectory() throws IOException {
        deleteTree(root.resolve("info/L3"));
        deleteTree(root.resolve("info/MB"));
        Path group = existingGroup("cdp");
        IntelRdt rdt = new IntelRdt(root, ID, rdt("cdp", null, null, List.of("L3CODE:0=ff;1=ff", "", "L3DATA:0=f;1=f0"),
                null));
        rdt.validate();
        rdt.applySchemata();
        assertEquals("L3CODE:0=ff;1=ff\nL3DATA:0=f;1=f0\n", Files.readString(group.resolve("schemata")),
                "an empty line is skipped: the kernel would refuse it");
    }

    @Test
    void l3CacheSchemaNeedsL3AllocationOnTheHost() throws IOException {
        deleteTree(root.resolve("info/L3"));
        IntelRdt rdt = new IntelRdt(root, ID, rdt(null, "L3:0=f", null, List.of(), null));
        ResctrlException e = assertThrows(ResctrlException.class, rdt::validate);
        assertEquals("linux.intelRdt.l3CacheSchema: the host's resctrl offers no L3 cache allocation (no "
                + root.resolve("info/L3") + ")", e.getMessage());

        Files.createDirectories(root.resolve("info/L3CODE"));
        Files.createDirectories(root.resolve("info/L3DATA"));
        rdt.validate(); // with CDP on, the kernel shows L3 as L3CODE and L3DATA
    }

    @Test
    void memBwSchemaNeedsMemoryBandwidthAllocationOnTheHost() throws IOException {
        deleteTree(root.resolve("info/MB"));
        IntelRdt rdt = new IntelRdt(root, ID, rdt(null, null, "MB:0=20", List.of(), null));
        ResctrlException e = assertThrows(ResctrlException.class, rdt::validate);
        assertEquals("linux.intelRdt.memBwSchema: the host's resctrl offers no memory bandwidth allocation (no "
                + root.resolve("info/MB") + ")", e.getMessage());
    }

    @Test
    void linesWithNewlinesAreRefusedByField() {
        assertTrue(assertThrows(ResctrlException.class,
                () -> new IntelRdt(root, ID, rdt(null, null, "MB:0=20\nL3:0=f", List.of(), null)).validate())
                .getMessage().startsWith("linux.intelRdt.memBwSchema: must not contain a newline"));
        assertTrue(assertThrows(ResctrlException.class,
                () -> new IntelRdt(root, ID, rdt(null, null, null, List.of("L3:0=f", "MB:0=1\nL2:0=1"), null)).validate())
                .getMessage().startsWith("linux.intelRdt.schemata[1]: must not contain a newline"));
    }

    @Test
    void monitoringPutsTheProcessInAMonitoringGroupOfItsOwnWhichGoesOnDelete() throws IOException {
        Path group = existingGroup("guaranteed");
        IntelRdt rdt = new IntelRdt(root, ID, rdt("guaranteed", null, null, List.of(), true));
        rdt.validate();
        Path monitor = group.resolve("mon_groups").resolve(ID);
        assertEquals(List.of(group.toString(), monitor.toString()), rdt.taskDirs());
        assertEquals(List.of(monitor.toString()), rdt.missingDirs());
        rdt.create();
        assertEquals(List.of(monitor.toString()), rdt.createdDirs());

        Files.writeString(monitor.resolve("tasks"), "");
        rdt.addProcess(100);
        IntelRdt.addProcess(rdt.taskDirs(), 101); // an exec'd process, from the recorded groups
        assertEquals("101", Files.readString(group.resolve("tasks")));
        assertEquals("101", Files.readString(monitor.resolve("tasks")));

        Files.delete(monitor.resolve("tasks"));
        IntelRdt.destroy(rdt.createdDirs());
        assertFalse(Files.exists(monitor));
        assertTrue(Files.isDirectory(group.resolve("mon_groups")), "only the monitoring group was crema's");
    }

    @Test
    void aFailedCreateTakesBackTheGroupItMade() throws IOException {
        // by id with monitoring: crema makes the CLOS group, then the monitoring group in its mon_groups, which
        // the fake tree (unlike the kernel) does not provide: the second mkdir fails as on a host gone wrong
        IntelRdt rdt = new IntelRdt(root, ID, rdt(null, null, null, List.of(), true));
        rdt.validate();
        Path group = root.resolve(ID);
        Path monitor = group.resolve("mon_groups").resolve(ID);
        assertEquals(List.of(group.toString(), monitor.toString()), rdt.missingDirs());
        ResctrlException e = assertThrows(ResctrlException.class, rdt::create);
        assertEquals("linux.intelRdt.enableMonitoring: mkdir " + monitor + ": No such file or directory",
                e.getMessage());
        assertEquals(List.of(group.toString()), rdt.createdDirs());
        rdt.destroyCreated();
        assertFalse(Files.exists(group));
    }

    @Test
    void monitoringNeedsAResctrlThatMonitors() throws IOException {
        Files.delete(root.resolve("mon_groups"));
        IntelRdt rdt = new IntelRdt(root, ID, rdt(null, null, null, List.of(), true));
        ResctrlException e = assertThrows(ResctrlException.class, rdt::validate);
        assertEquals("linux.intelRdt.enableMonitoring: the host's resctrl offers no monitoring (no "
                + root.resolve("mon_groups") + ")", e.getMessage());
    }

    @Test
    void closIDIsOneDirectoryUnderTheRootAsRuncChecks() {
        for (String bad : new String[] {".", "..", "a/b", "/", "../x", "info", "mon_groups", "mon_data", "a\nb"}) {
            ResctrlException e = assertThrows(ResctrlException.class,
                    () -> new IntelRdt(root, ID, rdt(bad, "L3:0=f", null, List.of(), null)), bad);
            assertTrue(e.getMessage().startsWith("linux.intelRdt.closID: invalid \"" + bad + "\""), e.getMessage());
        }
        new IntelRdt(root, ID, rdt("guaranteed.1-a_b", "L3:0=f", null, List.of(), null));
    }

    @Test
    void aGroupMadeByAParallelCreateIsJoinedNotOwned() throws IOException {
        IntelRdt rdt = new IntelRdt(root, ID, rdt("race", "L3:0=f", null, List.of(), null));
        assertEquals(List.of(root.resolve("race").toString()), rdt.missingDirs());
        Files.createDirectories(root.resolve("race"));
        rdt.create();
        assertEquals(List.of(), rdt.createdDirs());
        rdt.destroyCreated();
        assertTrue(Files.isDirectory(root.resolve("race")));
    }

    @Test
    void errorsNameTheFieldTheFileAndTheKernelsReason() throws IOException {
        Path group = Files.createDirectories(root.resolve("g"));
        Files.writeString(root.resolve("info/last_cmd_status"), "Missing 'MB' value\n");
        IntelRdt rdt = new IntelRdt(root, ID, rdt("g", null, "MB:0=", List.of(), null));
        ResctrlException e = assertThrows(ResctrlException.class, rdt::applySchemata);
        assertEquals("linux.intelRdt: write " + group.resolve("schemata")
                + ": No such file or directory (last_cmd_status: Missing 'MB' value)", e.getMessage());

        e = assertThrows(ResctrlException.class, () -> IntelRdt.addProcess(List.of(group.toString()), 5));
        assertTrue(e.getMessage().startsWith("linux.intelRdt: write " + group.resolve("tasks") + ": "), e.getMessage());
    }

    @Test
    void theContainerIdMustNotNameResctrlsOwnDirectories() {
        ResctrlException e = assertThrows(ResctrlException.class,
                () -> new IntelRdt(root, "info", rdt(null, "L3:0=f", null, List.of(), null)));
        assertTrue(e.getMessage().startsWith("linux.intelRdt: the container id \"info\""), e.getMessage());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    void updateWritesItsSchemasToTheGroupInOneWrite() throws IOException {
        Path group = Files.createDirectories(root.resolve("clos1"));
        Files.writeString(group.resolve("schemata"), "");
        IntelRdt.writeSchemata(group, java.util.List.of("L3:0=f", "MB:0=50"), "update");
        assertEquals("L3:0=f\nMB:0=50\n", Files.readString(group.resolve("schemata")));
        IntelRdt.writeSchemata(group, java.util.List.of(), "update");
        assertEquals("L3:0=f\nMB:0=50\n", Files.readString(group.resolve("schemata")), "nothing to write, nothing written");
    }
}

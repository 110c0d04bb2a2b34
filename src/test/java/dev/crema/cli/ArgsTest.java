package dev.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static final String[] VALUES = {"bundle|b", "pid-file"};
    private static final String[] BOOLEANS = {"force|f", "detach|d"};

    private static Args parse(String... words) {
        return Args.parse(List.of(words), VALUES, BOOLEANS, false);
    }

    @Test
    void acceptsSpaceAndEqualsForms() {
        assertEquals("/b", parse("--bundle", "/b", "id").value("bundle"));
        assertEquals("/b", parse("--bundle=/b", "id").value("bundle"));
        assertEquals("/b", parse("-b", "/b", "id").value("bundle"));
        assertEquals("/b", parse("-bundle", "/b", "id").value("bundle"));
        assertEquals(List.of("id"), parse("--bundle", "/b", "id").positionals());
    }

    @Test
    void booleansTakeOptionalValues() {
        assertTrue(parse("--force", "id").flag("force"));
        assertTrue(parse("-f", "id").flag("force"));
        assertTrue(parse("--force=true", "id").flag("force"));
        assertFalse(parse("--force=false", "id").flag("force"));
        assertThrows(UsageException.class, () -> parse("--force=maybe", "id"));
    }

    @Test
    void flagsMayFollowTheId() {
        Args args = parse("id", "--force");
        assertTrue(args.flag("force"));
        assertEquals("id", args.onlyId("delete"));
    }

    @Test
    void negativeNumberAfterThePositionalsIsOne() {
        assertEquals(List.of("id", "-9"), parse("id", "-9").positionals(), "runc kill ID -9");
        assertThrows(UsageException.class, () -> parse("-9", "id"), "before any positional it is a flag, unknown");
    }

    @Test
    void doubleDashEndsFlags() {
        assertEquals(List.of("id", "--force"), parse("id", "--", "--force").positionals());
    }

    @Test
    void unknownFlagIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--nope", "id"));
        assertEquals("flag provided but not defined: --nope", e.getMessage());
    }

    @Test
    void missingValueIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> parse("id", "--bundle"));
        assertTrue(e.getMessage().contains("--bundle"));
    }

    @Test
    void idIsRequiredAndSingle() {
        assertThrows(UsageException.class, () -> parse().onlyId("start"));
        assertThrows(UsageException.class, () -> parse("a", "b").onlyId("start"));
    }

    @Test
    void intValuesAreChecked() {
        assertEquals(2, Args.parse(List.of("--n=2"), new String[] {"n"}, new String[0], false).intValue("n", 0));
        assertThrows(UsageException.class,
                () -> Args.parse(List.of("--n=x"), new String[] {"n"}, new String[0], false).intValue("n", 0));
    }

    @Test
    void stopAtFirstPositionalLeavesTheRestAlone() {
        Args args = Args.parse(List.of("-d", "id", "sh", "-c", "x"), VALUES, BOOLEANS, true);
        assertTrue(args.flag("detach"));
        assertEquals(List.of("id", "sh", "-c", "x"), args.positionals());
    }
}

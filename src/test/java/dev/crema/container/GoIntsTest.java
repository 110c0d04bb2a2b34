package dev.crema.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** exec --user's numbers as runc parses them (Go's strconv.Atoi), and its refusals in Go's words. */
class GoIntsTest {
    private static long atoi(String text) {
        return GoInts.atoi(text, "ctx");
    }

    private static String refusal(String text) {
        return assertThrows(ContainerException.class, () -> atoi(text)).getMessage();
    }

    @Test
    void takesDigitsWithAnOptionalSign() {
        assertEquals(42, atoi("42"));
        assertEquals(42, atoi("+42"));
        assertEquals(-1, atoi("-1"));
        assertEquals(7, atoi("007"));
        assertEquals(Long.MAX_VALUE, atoi("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, atoi("-9223372036854775808"));
    }

    @Test
    void refusesWhatIsNoNumberInGosWords() {
        assertEquals("ctx: strconv.Atoi: parsing \"nobody\": invalid syntax", refusal("nobody"));
        assertEquals("ctx: strconv.Atoi: parsing \"\": invalid syntax", refusal(""));
        assertEquals("ctx: strconv.Atoi: parsing \"-\": invalid syntax", refusal("-"));
        assertEquals("ctx: strconv.Atoi: parsing \"1_000\": invalid syntax", refusal("1_000"));
        assertEquals("ctx: strconv.Atoi: parsing \" 1\": invalid syntax", refusal(" 1"));
        assertEquals("ctx: strconv.Atoi: parsing \"0x10\": invalid syntax", refusal("0x10"));
    }

    @Test
    void refusesWhatDoesNotFitSixtyFourBits() {
        assertEquals("ctx: strconv.Atoi: parsing \"9223372036854775808\": value out of range", refusal("9223372036854775808"));
        assertEquals("ctx: strconv.Atoi: parsing \"-9223372036854775809\": value out of range", refusal("-9223372036854775809"));
    }
}

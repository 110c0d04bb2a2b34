package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static String syntaxError(String text) {
        return assertThrows(JsonException.class, () -> Json.parse(text), text).getMessage();
    }

    @Test
    void parsesAllValueKinds() {
        Object v = Json.parse("{\"s\": \"x\", \"n\": 12, \"f\": 1.5, \"t\": true, \"z\": null, \"a\": [1, {}]}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("x", m.get("s"));
        assertEquals(12L, m.get("n"));
        assertEquals(1.5, m.get("f"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Json.NULL, m.get("z"));
        assertEquals(List.of(1L, Map.of()), m.get("a"));
    }

    @Test
    void keepsDocumentOrderOfObjects() {
        Map<?, ?> map = assertInstanceOf(Map.class, Json.parse("{\"z\": 1, \"a\": [true, false, null], \"m\": {}}"));
        assertEquals(List.of("z", "a", "m"), List.copyOf(map.keySet()));
        assertEquals(List.of(true, false, Json.NULL), map.get("a"));
    }

    @Test
    void parsesScalarsAtTheTopLevel() {
        assertEquals("x", Json.parse(" \"x\" "));
        assertEquals(-5L, Json.parse("-5"));
        assertEquals(Json.NULL, Json.parse("null"));
        assertEquals(List.of(), Json.parse("[ ]"));
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        assertEquals("a\"b\\c/\n\t\u00e9\uD83D\uDE00", Json.parse("\"a\\\"b\\\\c\\/\\n\\t\\u00e9\\ud83d\\ude00\""));
        assertEquals("\" \\ / \b \f \n \r \t", Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""));
        assertEquals("é€", Json.parse("\"\\u00e9\\u20AC\""));
        assertEquals("plain é", Json.parse("\"plain é\""));
        assertEquals("a😀b", Json.parse("\"a\\uD83D\\uDE00b\""));
    }

    /** Go's encoding/json (runc's parser) turns an escaped surrogate that is not half of a pair into U+FFFD. */
    @Test
    void replacesLoneSurrogatesLikeGo() {
        assertEquals("\uFFFDx", Json.parse("\"\\ud83dx\""));
        assertEquals("\uFFFD", Json.parse("\"\\ude00\""));
        assertEquals("\uFFFD", Json.parse("\"\\ud83d\""));
        assertEquals("\uFFFDA", Json.parse("\"\\ud83d\\u0041\""));
        assertEquals("\uFFFD\uFFFD", Json.parse("\"\\ude00\\ud83d\""));
        assertEquals("\uFFFD😀", Json.parse("\"\\ud83d\\ud83d\\ude00\""));
    }

    @Test
    void bigIntegersSurvive() {
        assertEquals(new BigInteger("18446744073709551615"), Json.parse("18446744073709551615"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigInteger("-9223372036854775809"), Json.parse("-9223372036854775809"));
    }

    @Test
    void integersThatFitALongAreLongs() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(999999999999999999L, Json.parse("999999999999999999"));
        assertEquals(0L, Json.parse("-0"));
    }

    @Test
    void fractionsAndExponentsAreDoubles() {
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(1e3, Json.parse("1e3"));
        assertEquals(-2.5e-3, Json.parse("-2.5E-3"));
        assertEquals(100.0, Json.parse("1E+2"));
    }

    @Test
    void lastDuplicateNameWinsAsInGo() {
        assertEquals(Map.of("a", 2L), Json.parse("{\"a\": 1, \"a\": 2}"));
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "01", "tru", "\"\u0001\"", "1 2", "{'a': 1}",
                "1.", ".5", "-", "1e", "+1", "0x10", "True", "nul", "{a: 1}", "[1 2]", "// comment\n{}"}) {
            assertThrows(JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void reportsLineAndColumnOfAMissingComma() {
        assertEquals("line 4, column 3: expected ',' or '}'", syntaxError("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}"));
    }

    @Test
    void rejectsTrailingCommas() {
        assertEquals("line 1, column 10: expected a string key", syntaxError("{\"a\": 1, }"));
        assertEquals("line 1, column 5: unexpected character ']'", syntaxError("[1, ]"));
    }

    @Test
    void rejectsTruncatedInput() {
        assertEquals("line 1, column 8: unexpected end of input", syntaxError("{\"a\": 1"));
        assertEquals("line 1, column 1: unexpected end of input", syntaxError(""));
        assertEquals("line 1, column 11: unterminated string", syntaxError("{\"a\": \"abc"));
    }

    @Test
    void rejectsTextAfterTheValue() {
        assertEquals("line 2, column 1: unexpected text after the JSON value", syntaxError("{}\nx"));
    }

    @Test
    void rejectsRawControlCharactersInStrings() {
        assertEquals("line 1, column 3: control character in string", syntaxError("\"a\nb\""));
    }

    @Test
    void rejectsBadEscapes() {
        assertEquals("line 1, column 4: bad escape '\\x'", syntaxError("\"a\\xb\""));
        assertEquals("line 1, column 6: bad \\u escape", syntaxError("\"\\u12g4\""));
    }

    /** Character.digit would take Arabic-Indic or full-width digits; JSON (and Go) take only ASCII hex. */
    @Test
    void takesOnlyAsciiHexDigitsInUnicodeEscapes() {
        assertEquals("line 1, column 6: bad \\u escape", syntaxError("\"\\u00\u0663\u0669\""));
        assertEquals("line 1, column 6: bad \\u escape", syntaxError("\"\\u00\uFF21\uFF21\""));
        assertEquals("\u00af", Json.parse("\"\\u00aF\""));
    }

    /** A one-line error rather than a StackOverflowError and its thousand-line trace. */
    @Test
    void refusesNestingThatWouldOverflowTheStack() {
        String deepArrays = "[".repeat(100_000);
        assertEquals("line 1, column 1001: nesting deeper than 1000 levels",
                assertThrows(JsonException.class, () -> Json.parse(deepArrays)).getMessage());
        String deepObjects = "{\"a\":".repeat(20_000);
        assertTrue(assertThrows(JsonException.class, () -> Json.parse(deepObjects)).getMessage()
                .endsWith("nesting deeper than 1000 levels"));
    }

    /** The limit itself parses on the launcher's default 1 MB thread stack, objects and arrays mixed. */
    @Test
    void acceptsNestingUpToTheLimitOnASmallStack() throws InterruptedException {
        String deep = "[{\"a\":".repeat(Json.MAX_DEPTH / 2) + "0" + "}]".repeat(Json.MAX_DEPTH / 2);
        Object[] result = new Object[1];
        Thread thread = new Thread(null, () -> result[0] = Json.parse(deep), "small-stack", 1024 * 1024);
        thread.start();
        thread.join();
        assertInstanceOf(List.class, result[0]);
        assertThrows(JsonException.class, () -> Json.parse("[" + deep + "]"));
    }

    /** An invisible or line-breaking character is named, so the message stays readable and on one line. */
    @Test
    void namesInvisibleCharactersRatherThanShowingThem() {
        assertEquals("line 1, column 1: unexpected character U+FEFF", syntaxError("\uFEFF{}"));
        assertEquals("line 1, column 2: unexpected character U+2028", syntaxError("[\u2028]"));
        assertEquals("line 1, column 1: unexpected character U+000B", syntaxError("\u000b{}"));
        assertEquals("line 1, column 2: unexpected character 'x'", syntaxError("[x]"));
    }

    @Test
    void writesWhatItReads() {
        String text = "{\"a\":[1,\"x\\n\",true,null,{}],\"b\":{\"c\":-2}}";
        assertEquals(text, JsonWriter.write(Json.parse(text), null));
        assertEquals(Json.parse(text), Json.parse(JsonWriter.write(Json.parse(text), "\t")));
    }
}

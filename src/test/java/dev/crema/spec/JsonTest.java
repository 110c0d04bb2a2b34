package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
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
    void decodesEscapesAndSurrogatePairs() {
        assertEquals("a\"b\\c/\n\t\u00e9\uD83D\uDE00", Json.parse("\"a\\\"b\\\\c\\/\\n\\t\\u00e9\\ud83d\\ude00\""));
    }

    @Test
    void bigIntegersSurvive() {
        assertEquals(new BigInteger("18446744073709551615"), Json.parse("18446744073709551615"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "01", "tru", "\"\u0001\"", "1 2", "{'a': 1}"}) {
            assertThrows(JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void writesWhatItReads() {
        String text = "{\"a\":[1,\"x\\n\",true,null,{}],\"b\":{\"c\":-2}}";
        assertEquals(text, JsonWriter.write(Json.parse(text), null));
        assertEquals(Json.parse(text), Json.parse(JsonWriter.write(Json.parse(text), "\t")));
    }
}

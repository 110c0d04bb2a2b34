package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesCompactLikeGoMarshal() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("a", 1L);
        tree.put("b", List.of("x", true));
        tree.put("c", new LinkedHashMap<>());
        tree.put("d", List.of());
        tree.put("e", null);
        tree.put("f", Json.NULL);
        assertEquals("{\"a\":1,\"b\":[\"x\",true],\"c\":{},\"d\":[],\"e\":null,\"f\":null}", JsonWriter.write(tree, null));
    }

    @Test
    void indentsLikeGoMarshalIndent() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", "c1");
        tree.put("list", List.of(1L, 2L));
        tree.put("empty", List.of());
        tree.put("obj", Map.of("k", "v"));
        String expected = """
                {
                  "id": "c1",
                  "list": [
                    1,
                    2
                  ],
                  "empty": [],
                  "obj": {
                    "k": "v"
                  }
                }""";
        assertEquals(expected, JsonWriter.write(tree, "  "));
    }

    @Test
    void indentsWithTabsForRuncSpec() {
        assertEquals("{\n\t\"a\": [\n\t\t\"b\"\n\t]\n}", JsonWriter.write(Map.of("a", List.of("b")), "\t"));
    }

    @Test
    void escapesWhatJsonNeeds() {
        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t \\u0001 \\u001f <&> é 😀\"",
                JsonWriter.write("q\" b\\ n\n r\r t\t \u0001 \u001f <&> é 😀", null));
    }

    @Test
    void roundTripsAParsedTree() {
        String text = "{\"s\":\"é\\n\\\"\",\"n\":[1,-1,1.25,18446744073709551615],\"b\":[true,false,null],\"o\":{\"x\":{}}}";
        Object tree = Json.parse(text);
        assertEquals(text, JsonWriter.write(tree, null));
        assertEquals(tree, Json.parse(JsonWriter.write(tree, "\t")));
    }

    /** Go's json.Marshal refuses NaN and infinities (UnsupportedValueError) rather than write what is not JSON. */
    @Test
    void refusesValuesJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Double.NaN, null));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(List.of(Double.POSITIVE_INFINITY), null));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of("f", Float.NEGATIVE_INFINITY), null));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(new Object(), null));
        assertEquals("[null]", JsonWriter.write(Arrays.asList((Object) null), null));
    }
}

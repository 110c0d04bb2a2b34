package dev.crema.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser into plain Java values: LinkedHashMap (objects, order kept), ArrayList, String,
 * Long (integers that fit), BigInteger (larger integers), Double (fractions and exponents), Boolean, and
 * {@link #NULL} for null. Hand-written because startup time is the product: measured here, parsing a 6 KB
 * config costs 42 ms with a small hand parser and 58-165 ms with Jackson (DESIGN.md section 4).
 * Strings decode as Go's encoding/json (runc's parser) decodes them: an escaped surrogate that is not half of a
 * pair becomes U+FFFD.
 */
public final class Json {
    /** JSON null, distinct from "absent" (Java null from Map.get). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * Deeper nesting is refused with a one-line error instead of overflowing the stack: the recursion reaches
     * about 2,600 levels on a 1 MB thread stack (Go's decoder stops at 10,000); configs nest about six deep.
     */
    static final int MAX_DEPTH = 1000;

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        Json parser = new Json(text);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) throw parser.error("unexpected text after the JSON value");
        return value;
    }

    private Object value() {
        if (pos >= text.length()) throw error("unexpected end of input");
        char c = text.charAt(pos);
        if (c == '{' || c == '[') {
            if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
            Object nested = c == '{' ? object() : array();
            depth--;
            return nested;
        }
        return switch (c) {
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("expected a string key");
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
            skipSpace();
            char c = next();
            if (c == '}') return map;
            if (c != ',') throw errorAt(pos - 1, "expected ',' or '}'");
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value());
            skipSpace();
            char c = next();
            if (c == ']') return list;
            if (c != ',') throw errorAt(pos - 1, "expected ',' or ']'");
        }
    }

    private String string() {
        pos++;
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) throw error("control character in string");
            if (c == '\\') {
                if (out == null) out = new StringBuilder();
                out.append(text, start, pos);
                pos++;
                escape(out);
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private void escape(StringBuilder out) {
        char c = next();
        switch (c) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                int code = hex4(pos);
                if (code < 0) throw errorAt(pos + ~code, "bad \\u escape");
                pos += 4;
                if (Character.isHighSurrogate((char) code) && text.startsWith("\\u", pos)) {
                    int low = hex4(pos + 2);
                    if (low >= 0 && Character.isLowSurrogate((char) low)) {
                        out.append((char) code).append((char) low);
                        pos += 6;
                        return;
                    }
                }
                // half a pair: U+FFFD, as Go decodes it (the next escape, if any, is read on its own)
                out.append(Character.isSurrogate((char) code) ? '\uFFFD' : (char) code);
            }
            // a control character after the backslash is named, not printed: the message stays one line
            default -> throw errorAt(pos - 1, c > ' ' && c < 0x7f ? "bad escape '\\" + c + "'"
                    : "bad escape: '\\' then " + describe(c));
        }
    }

    /** The value of four ASCII hex digits at {@code at}; when one is not, ~(its offset from {@code at}). */
    private int hex4(int at) {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            char h = at + i < text.length() ? text.charAt(at + i) : '\0';
            int d;
            if (h >= '0' && h <= '9') {
                d = h - '0';
            } else if (h >= 'a' && h <= 'f') {
                d = h - 'a' + 10;
            } else if (h >= 'A' && h <= 'F') {
                d = h - 'A' + 10;
            } else {
                return ~i;
            }
            code = code * 16 + d;
        }
        return code;
    }

    private Object number() {
        int start = pos;
        boolean integer = true;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') pos++;
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!(peek() >= '0' && peek() <= '9')) throw error("bad number");
            while (peek() >= '0' && peek() <= '9') pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!(peek() >= '0' && peek() <= '9')) throw error("bad number");
            while (peek() >= '0' && peek() <= '9') pos++;
        }
        String digits = text.substring(start, pos);
        if (!integer) return Double.parseDouble(digits);
        if (digits.length() < 19) return Long.parseLong(digits);
        BigInteger big = new BigInteger(digits);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw error("unexpected character " + describe(text.charAt(pos)));
        pos += word.length();
        return value;
    }

    /** A printable ASCII character in quotes, any other as U+XXXX: messages stay on one line and readable. */
    private static String describe(char c) {
        if (c > ' ' && c < 0x7f) return "'" + c + "'";
        String hex = Integer.toHexString(c).toUpperCase();
        return "U+" + "0000".substring(hex.length()) + hex;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) throw error("unexpected end of input");
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private JsonException error(String message) {
        return errorAt(pos, message);
    }

    private JsonException errorAt(int at, String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonException("line " + line + ", column " + column + ": " + message);
    }
}

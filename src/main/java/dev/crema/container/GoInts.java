package dev.crema.container;

/**
 * Go's strconv.Atoi, for the flags runc parses with it (exec --user): the same numbers taken and refused, and the
 * refusal in Go's words (strconv.Atoi: parsing "x": invalid syntax), which users and tools see from runc.
 */
final class GoInts {
    private GoInts() {}

    /**
     * An optional sign and decimal digits, within a 64-bit int; else a ContainerException "{@code context}:
     * strconv.Atoi: parsing "TEXT": invalid syntax" (or "value out of range"); as in Go, a non-digit or an
     * overflow ends the parse where it is met.
     */
    static long atoi(String text, String context) {
        int i = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (i >= text.length()) throw refused(text, context, "invalid syntax");
        // accumulated as a negative number, whose range holds Long.MIN_VALUE
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long result = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw refused(text, context, "invalid syntax");
            int digit = c - '0';
            if (result < limit / 10 || result * 10 < limit + digit) throw refused(text, context, "value out of range");
            result = result * 10 - digit;
        }
        return negative ? result : -result;
    }

    private static ContainerException refused(String text, String context, String why) {
        StringBuilder quoted = new StringBuilder(text.length() + 2);
        dev.crema.spec.JsonWriter.quote(quoted, text);
        return ContainerException.invalid(context + ": strconv.Atoi: parsing " + quoted + ": " + why);
    }
}

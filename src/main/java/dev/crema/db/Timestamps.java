package dev.crema.db;

/**
 * RFC 3339 UTC timestamps with nanoseconds ("2026-11-28T14:03:45.123456789Z"), as runc writes "created".
 * Hand-written: java.time's formatter loads some fifty classes, a measurable part of a command's startup.
 */
public final class Timestamps {
    private Timestamps() {}

    public static String now() {
        java.time.Instant now = java.time.Instant.now(); // the clock is cheap; only its formatter is not
        return format(now.getEpochSecond(), now.getNano());
    }

    public static String format(long epochSecond, int nanos) {
        long days = Math.floorDiv(epochSecond, 86400);
        long secondOfDay = Math.floorMod(epochSecond, 86400);
        // civil-from-days (Howard Hinnant's algorithm)
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder out = new StringBuilder(30);
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2);
        if (nanos > 0) {
            out.append('.');
            pad(out, nanos, 9);
            while (out.charAt(out.length() - 1) == '0') out.setLength(out.length() - 1);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) out.append('0');
        return out.append(digits);
    }
}

package io.saturdayzoo.training.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses numbers straight from file bytes, with no String per field.
 *
 * <p>Floats take an exact fast path when the decimal mantissa fits a float exactly (at most 2^24) and the power of
 * ten is exact too (at most 10^10): one IEEE multiply or divide is then correctly rounded, so the result is
 * bit-identical to {@link Float#parseFloat}. Everything else falls back to {@link Float#parseFloat}.
 */
final class NumberParsing {
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private NumberParsing() {
    }

    /** Empty field, NA, NaN and null read as missing (NaN), which LightGBM treats as a missing value. */
    static float parseFloat(ByteBuffer b, int s, int e) {
        if (s == e) {
            return Float.NaN;
        }
        int p = s;
        boolean negative = false;
        byte c = b.get(p);
        if (c == '-') {
            negative = true;
            p++;
        } else if (c == '+') {
            p++;
        }
        long mantissa = 0;
        int significant = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        while (p < e && (c = b.get(p)) >= '0' && c <= '9') {
            if (significant >= 9) {
                return slowFloat(b, s, e);
            }
            mantissa = mantissa * 10 + (c - '0');
            if (mantissa > 0) {
                significant++;
            }
            anyDigit = true;
            p++;
        }
        if (p < e && b.get(p) == '.') {
            p++;
            while (p < e && (c = b.get(p)) >= '0' && c <= '9') {
                if (significant >= 9) {
                    return slowFloat(b, s, e);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa > 0) {
                    significant++;
                }
                exp10--;
                anyDigit = true;
                p++;
            }
        }
        if (!anyDigit) {
            return slowFloat(b, s, e);
        }
        if (p < e && ((c = b.get(p)) == 'e' || c == 'E')) {
            p++;
            boolean expNegative = false;
            if (p < e && ((c = b.get(p)) == '-' || c == '+')) {
                expNegative = c == '-';
                p++;
            }
            int exp = 0;
            int expDigits = 0;
            while (p < e && (c = b.get(p)) >= '0' && c <= '9' && expDigits < 6) {
                exp = exp * 10 + (c - '0');
                expDigits++;
                p++;
            }
            if (expDigits == 0) {
                return slowFloat(b, s, e);
            }
            exp10 += expNegative ? -exp : exp;
        }
        if (p != e) {
            return slowFloat(b, s, e);
        }
        if (mantissa == 0) {
            return negative ? -0f : 0f;
        }
        if (mantissa <= (1 << 24) && exp10 >= -10 && exp10 <= 10) {
            float f = (float) mantissa;
            f = exp10 < 0 ? f / POW10[-exp10] : f * POW10[exp10];
            return negative ? -f : f;
        }
        return slowFloat(b, s, e);
    }

    private static float slowFloat(ByteBuffer b, int s, int e) {
        String text = text(b, s, e).trim();
        if (text.isEmpty() || text.equalsIgnoreCase("na") || text.equalsIgnoreCase("nan")
                || text.equalsIgnoreCase("null")) {
            return Float.NaN;
        }
        return Float.parseFloat(text); // NumberFormatException: the caller names the column and line
    }

    /** Epoch seconds: an integer, or an ISO-8601 instant / date-time (UTC when no offset) / date. */
    static long parseTime(ByteBuffer b, int s, int e) {
        int p = s;
        boolean negative = false;
        if (p < e && b.get(p) == '-') {
            negative = true;
            p++;
        }
        long value = 0;
        boolean allDigits = p < e && e - p <= 18;
        for (int i = p; allDigits && i < e; i++) {
            byte c = b.get(i);
            if (c < '0' || c > '9') {
                allDigits = false;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        if (allDigits) {
            return negative ? -value : value;
        }
        return parseTimeText(text(b, s, e).trim());
    }

    static long parseTimeText(String text) {
        try {
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return OffsetDateTime.parse(text).toEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next shape
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ex) {
            throw new NumberFormatException(DataErrors.NOT_A_TIME);
        }
    }

    static String text(ByteBuffer b, int s, int e) {
        byte[] bytes = new byte[e - s];
        b.get(s, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

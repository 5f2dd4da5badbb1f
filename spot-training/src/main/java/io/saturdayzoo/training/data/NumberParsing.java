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
 * <p>One pass reads the field's decimal grammar ({@code [+-] digits [. digits] [e|E [+-] digits]}, or {@code . digits}
 * for the mantissa) and, while it can, the value: when the mantissa fits a float exactly (at most 2^24) and the power
 * of ten is exact too (at most 10^10), one IEEE multiply or divide is correctly rounded, so the result is
 * bit-identical to {@link Float#parseFloat}, and finite by construction (at most 2^24 x 10^10). Other decimal text
 * (more digits, larger exponents) goes to {@link Float#parseFloat}, whose result must be finite: past a float's range
 * it is refused, never read as infinity. Text outside the grammar is refused too (Java's Infinity, hex floats and f/d
 * suffixes among it), except the two spellings of missing: an empty (or blank) field and NaN.
 */
final class NumberParsing {
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private NumberParsing() {
    }

    /** An empty or blank field and NaN (any case, optionally signed) read as missing: LightGBM's missing value. */
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
        int digits = 0;
        boolean exact = true; // false once digits or exponent go past what the fast path computes exactly
        while (p < e && (c = b.get(p)) >= '0' && c <= '9') {
            if (significant < 9) {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa > 0) {
                    significant++;
                }
            } else {
                exact = false;
            }
            digits++;
            p++;
        }
        if (p < e && b.get(p) == '.') {
            p++;
            while (p < e && (c = b.get(p)) >= '0' && c <= '9') {
                if (significant < 9) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (mantissa > 0) {
                        significant++;
                    }
                    exp10--;
                } else {
                    exact = false;
                }
                digits++;
                p++;
            }
        }
        if (digits == 0) {
            return notDecimal(b, s, e);
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
            while (p < e && (c = b.get(p)) >= '0' && c <= '9') {
                if (expDigits < 6) {
                    exp = exp * 10 + (c - '0');
                } else {
                    exact = false;
                }
                expDigits++;
                p++;
            }
            if (expDigits == 0) {
                return notDecimal(b, s, e);
            }
            exp10 += expNegative ? -exp : exp;
        }
        if (p != e) {
            return notDecimal(b, s, e);
        }
        if (exact && mantissa == 0) {
            return negative ? -0f : 0f;
        }
        if (exact && mantissa <= (1 << 24) && exp10 >= -10 && exp10 <= 10) {
            float f = (float) mantissa;
            f = exp10 < 0 ? f / POW10[-exp10] : f * POW10[exp10];
            return negative ? -f : f;
        }
        return longDecimal(b, s, e);
    }

    /** Decimal text past the fast path's exact range: Java rounds it, and a result past a float's range is refused. */
    private static float longDecimal(ByteBuffer b, int s, int e) {
        float value = Float.parseFloat(text(b, s, e));
        if (Float.isInfinite(value)) {
            throw new NumberFormatException(DataErrors.OVERFLOWS_FLOAT);
        }
        return value;
    }

    /** Text outside the decimal grammar: blank or NaN is missing, blanks around a number are dropped, else refused. */
    private static float notDecimal(ByteBuffer b, int s, int e) {
        int from = s;
        int to = e;
        while (from < to && isBlank(b.get(from))) {
            from++;
        }
        while (to > from && isBlank(b.get(to - 1))) {
            to--;
        }
        if (from == to) {
            return Float.NaN;
        }
        if (from > s || to < e) {
            return parseFloat(b, from, to);
        }
        int unsigned = b.get(s) == '-' || b.get(s) == '+' ? s + 1 : s;
        if (equalsIgnoreCase(b, unsigned, e, "nan")) {
            return Float.NaN;
        }
        throw new NumberFormatException(equalsIgnoreCase(b, unsigned, e, "infinity") ? DataErrors.NOT_FINITE
                : DataErrors.NOT_A_NUMBER);
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean equalsIgnoreCase(ByteBuffer b, int s, int e, String lowerAscii) {
        if (e - s != lowerAscii.length()) {
            return false;
        }
        for (int i = 0; i < lowerAscii.length(); i++) {
            if ((b.get(s + i) | 0x20) != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
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

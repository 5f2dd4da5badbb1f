package io.saturdayzoo.core.shadow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week in UTC ("2026-W49": Monday 2026-11-30 00:00Z up to, not including, the next Monday): the unit
 * of the shadow track record and of the local world's data. Ordered by time; its text sorts the same way.
 */
public record IsoWeek(int year, int week) implements Comparable<IsoWeek> {

    private static final Pattern TEXT = Pattern.compile("(\\d{4})-W(\\d{2})");

    public IsoWeek {
        if (week < 1 || week > 53) {
            throw new IllegalArgumentException("ISO week must be 1..53, got " + week);
        }
    }

    public static IsoWeek of(LocalDate date) {
        return new IsoWeek(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public static IsoWeek containing(Instant instant) {
        return of(instant.atOffset(ZoneOffset.UTC).toLocalDate());
    }

    /** "2026-W49". */
    public static IsoWeek parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("ISO week: expected YYYY-Www (e.g. 2026-W49), got '" + text + "'");
        }
        IsoWeek week = new IsoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        try {
            if (!of(week.monday()).equals(week)) {
                throw new IllegalArgumentException("ISO week: " + text + " does not exist");
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("ISO week: " + text + " does not exist", e);
        }
        return week;
    }

    public LocalDate monday() {
        return LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Monday 00:00 UTC. */
    public Instant start() {
        return monday().atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The next Monday 00:00 UTC: the week holds [start, end). */
    public Instant end() {
        return monday().plusWeeks(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public IsoWeek plus(long weeks) {
        return of(monday().plusWeeks(weeks));
    }

    /** Weeks from {@code other} to this one (positive when this is later). */
    public long weeksSince(IsoWeek other) {
        return java.time.temporal.ChronoUnit.WEEKS.between(other.monday(), monday());
    }

    @Override
    public int compareTo(IsoWeek o) {
        return monday().compareTo(o.monday());
    }

    @Override
    public String toString() {
        return String.format("%04d-W%02d", year, week);
    }
}

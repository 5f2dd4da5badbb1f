package io.saturdayzoo.local.data;

import io.saturdayzoo.core.shadow.IsoWeek;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local world's clock and drift: a local Saturday sees the ISO week of its as-of date and the weeks before it.
 * Each week's rows are a pure function of (spec, {@code seed}, week), so a re-run in the same week sees the same
 * data and the next week adds that week's rows (the oldest week of the window drops off). The concept turns by
 * {@code driftPerWeek} radians a week and the drifting features move with it, so a model trained weeks ago slowly
 * loses to a fresh one and research's drift report moves.
 *
 * @param asOf         the run's date (the CLI's --as-of, default today UTC)
 * @param weeks        weeks of history in each dataset, the as-of week the newest
 * @param driftPerWeek how fast the world moves (0: a still world whose weeks differ only by their random rows)
 * @param seed         mixed into every week's seed: another seed, another world
 */
public record LocalWorld(LocalDate asOf, int weeks, double driftPerWeek, long seed) {
    public static final int DEFAULT_WEEKS = 8;
    public static final double DEFAULT_DRIFT_PER_WEEK = 0.05;
    /** Week 0 of every world: the angle and shift of a week count from here. */
    static final IsoWeek ORIGIN = IsoWeek.parse("2024-W01");

    public LocalWorld {
        Objects.requireNonNull(asOf, "asOf");
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks: expected an integer >= 1, got " + weeks);
        }
        if (!Double.isFinite(driftPerWeek) || driftPerWeek < 0) {
            throw new IllegalArgumentException("drift per week: expected a finite number >= 0, got " + driftPerWeek);
        }
        if (IsoWeek.of(asOf).compareTo(ORIGIN.plus(weeks)) < 0) {
            throw new IllegalArgumentException("--as-of: " + asOf + " is before the local world begins ("
                    + ORIGIN.plus(weeks).monday() + ")");
        }
    }

    /** The default world as of a date. */
    public static LocalWorld asOf(LocalDate date) {
        return new LocalWorld(date, DEFAULT_WEEKS, DEFAULT_DRIFT_PER_WEEK, 0L);
    }

    /** The as-of date's ISO week: the newest week of data. */
    public IsoWeek week() {
        return IsoWeek.of(asOf);
    }

    /** The weeks of data, oldest first, ending with {@link #week()}. */
    public List<IsoWeek> window() {
        List<IsoWeek> out = new ArrayList<>();
        for (int back = weeks - 1; back >= 0; back--) {
            out.add(week().plus(-back));
        }
        return out;
    }

    /** The concept's angle in a week (radians). */
    double angle(IsoWeek w) {
        return driftPerWeek * w.weeksSince(ORIGIN);
    }

    /** The drifting features' shift in a week: it swings slowly rather than growing for ever. */
    double shift(IsoWeek w) {
        return Math.sin(angle(w));
    }

    /** The seed of a spec's rows in a week. */
    long seed(long specSeed, IsoWeek w) {
        long h = specSeed * 0x9E3779B97F4A7C15L + seed;
        return h * 31 + w.weeksSince(ORIGIN);
    }

    /** What the generated file records, to tell whether it is this world's week: "2026-W49 weeks=8 drift=0.05 seed=0". */
    String stamp() {
        return week() + " weeks=" + weeks + " drift=" + driftPerWeek + " seed=" + seed;
    }
}

package io.saturdayzoo.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * The catalog's top-level "gate" settings and the rule EvalGate decides by. A candidate replaces the champion when
 * both were scored on at least {@code min_rows} rows that neither trained on and the candidate's AUC there is at least
 * the champion's plus {@code min_delta}. Fewer rows keep the champion, and the reason says so. Pure: same numbers,
 * same verdict.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatePolicy(@JsonProperty(MIN_DELTA) Double minDelta, @JsonProperty(MIN_ROWS) Integer minRows) {

    public static final String FIELD = "gate";
    public static final String MIN_DELTA = "min_delta";
    public static final String MIN_ROWS = "min_rows";
    public static final double DEFAULT_MIN_DELTA = 0.0;
    public static final int DEFAULT_MIN_ROWS = 200;
    public static final GatePolicy DEFAULTS = new GatePolicy(DEFAULT_MIN_DELTA, DEFAULT_MIN_ROWS);

    public GatePolicy {
        minDelta = minDelta == null ? DEFAULT_MIN_DELTA : minDelta;
        minRows = minRows == null ? DEFAULT_MIN_ROWS : minRows;
        if (!Double.isFinite(minDelta) || minDelta < 0) {
            throw new IllegalArgumentException(FIELD + "." + MIN_DELTA + ": expected a number >= 0, got " + minDelta);
        }
        if (minRows < 1) {
            throw new IllegalArgumentException(FIELD + "." + MIN_ROWS + ": expected an integer >= 1, got " + minRows);
        }
    }

    /** What the rule says about one backtest. */
    public record Verdict(boolean candidateWins, String reason) {
    }

    public Verdict judge(BacktestReport.LabelBacktest b) {
        String candidate = b.candidate().versionId();
        String champion = b.champion().versionId();
        if (b.note() != null) {
            return new Verdict(false, "champion " + champion + " kept: " + b.note());
        }
        if (b.rows() < minRows || b.candidate().auc() == null || b.champion().auc() == null) {
            return new Verdict(false, String.format(Locale.ROOT, "champion %s kept: only %d rows (%d positive) after "
                    + "both training cutoffs (min_rows %d), too few to compare %s with it", champion, b.rows(),
                    b.positives(), minRows, candidate));
        }
        double delta = b.candidate().auc() - b.champion().auc();
        String numbers = String.format(Locale.ROOT, "on %d shared rows after %d: auc %.4f vs champion %s %.4f "
                        + "(log loss %.4f vs %.4f, min improvement %.4f)", b.rows(), b.cutoff(), b.candidate().auc(),
                champion, b.champion().auc(), b.candidate().logLoss(), b.champion().logLoss(), minDelta);
        return delta >= minDelta ? new Verdict(true, candidate + " beats the champion " + numbers)
                : new Verdict(false, candidate + " does not beat the champion " + numbers);
    }
}

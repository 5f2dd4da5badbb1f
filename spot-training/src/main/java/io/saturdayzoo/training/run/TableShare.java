package io.saturdayzoo.training.run;

import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldSpan;
import io.saturdayzoo.training.eval.WalkForward;

import java.util.List;

/**
 * The part of a table this process trains on, and how its part joins the others'. One process holding the whole
 * table is {@link #WHOLE}. When several machines train one model ({@code distributed.NodeShare}), each holds a share
 * and {@link Trainer} still speaks of the whole table: its folds are cut where the whole table's are, its metrics are
 * computed over every machine's rows, and what it records counts every row.
 */
public interface TableShare {

    /** Labels and scores of one part of a fold, as evaluation needs them. */
    record Scored(float[] labels, double[] scores) {
    }

    /** How many machines fit each model together. */
    int machines();

    /** The walk-forward folds over this process's rows, cut where the whole table's folds are cut. */
    List<Fold> folds(Dataset rows, int folds);

    /** The whole table's view of a fold's rows. */
    FoldSpan span(Fold fold);

    /** Every machine's labels and scores of one part of a fold (this process's among them), the same on each. */
    Scored gather(String part, Scored mine);

    /** The whole table: rows, positives, features and time window. */
    TrainedArtifact.DataSummary summary(Dataset rows);

    /** A fold's validation part over the whole table, with every machine's labels and scores ({@link #gather}). */
    FoldPredictions.Part validationPart(Fold fold, Scored all);

    /** A fold's test part over the whole table, with every machine's labels and scores ({@link #gather}). */
    FoldPredictions.Part testPart(Fold fold, Scored all);

    /** This process holds every row. */
    TableShare WHOLE = new TableShare() {
        @Override
        public int machines() {
            return 1;
        }

        @Override
        public List<Fold> folds(Dataset rows, int folds) {
            return WalkForward.plan(rows, folds);
        }

        @Override
        public FoldSpan span(Fold fold) {
            return FoldSpan.of(fold);
        }

        @Override
        public Scored gather(String part, Scored mine) {
            return mine;
        }

        @Override
        public FoldPredictions.Part validationPart(Fold fold, Scored all) {
            return FoldPredictions.Part.of(fold.validation(), all.scores());
        }

        @Override
        public FoldPredictions.Part testPart(Fold fold, Scored all) {
            return FoldPredictions.Part.of(fold.test(), all.scores());
        }

        @Override
        public TrainedArtifact.DataSummary summary(Dataset d) {
            int positives = 0;
            for (int i = 0; i < d.rowCount(); i++) {
                if (d.label(i) == 1f) {
                    positives++;
                }
            }
            return new TrainedArtifact.DataSummary(d.source(), d.rowCount(), positives, d.featureNames(), d.time(0),
                    d.time(d.rowCount() - 1));
        }
    };
}

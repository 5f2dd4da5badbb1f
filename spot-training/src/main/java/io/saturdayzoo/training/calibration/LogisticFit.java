package io.saturdayzoo.training.calibration;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Logistic regression of a few columns (Platt scaling's one, a stacker's handful) by Newton's method with an L2
 * penalty on the weights (not the intercept) and step halving. Written here in a few lines around commons-math's
 * linear solve: the JVM libraries that ship a logistic regression are either GPL (Smile) or absent from the build's
 * mirror, and the models here have at most a few columns, where Newton converges in a handful of steps.
 */
public final class LogisticFit {
    private static final double TOLERANCE = 1e-10;

    /** p = sigmoid(intercept + weights . x). */
    public record Coefficients(double[] weights, double intercept) {
        public Coefficients {
            weights = weights.clone();
        }

        public double probability(double[] x) {
            double z = intercept;
            for (int j = 0; j < weights.length; j++) {
                z += weights[j] * x[j];
            }
            return sigmoid(z);
        }
    }

    private LogisticFit() {
    }

    /**
     * @param x       rows of features (all the same length)
     * @param targets per row, the probability of class 1 to fit (0/1 labels, or Platt's smoothed targets)
     * @param l2      penalty on the squared weights (0: none)
     */
    public static Coefficients fit(double[][] x, double[] targets, double l2, int maxIterations) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a logistic regression on zero rows");
        }
        int d = x[0].length;
        double[] beta = new double[d + 1]; // weights, then the intercept
        double loss = loss(x, targets, beta, l2);
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double[] gradient = new double[d + 1];
            double[][] hessian = new double[d + 1][d + 1];
            double[] row = new double[d + 1];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, row, 0, d);
                row[d] = 1;
                double p = sigmoid(dot(beta, row));
                double w = Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a <= d; a++) {
                    gradient[a] += (p - targets[i]) * row[a];
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += w * row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a <= d; a++) {
                for (int b = 0; b < a; b++) {
                    hessian[b][a] = hessian[a][b];
                }
                double penalty = a < d ? l2 : 0;
                gradient[a] += penalty * beta[a];
                hessian[a][a] += penalty + 1e-9; // the tiny ridge keeps a column of constants solvable
            }
            RealVector step = new LUDecomposition(new Array2DRowRealMatrix(hessian, false)).getSolver()
                    .solve(new ArrayRealVector(gradient, false));
            double scale = 1;
            double[] next = new double[d + 1];
            double nextLoss;
            do {
                for (int a = 0; a <= d; a++) {
                    next[a] = beta[a] - scale * step.getEntry(a);
                }
                nextLoss = loss(x, targets, next, l2);
                scale /= 2;
            } while (nextLoss > loss + 1e-12 && scale > 1e-6);
            double moved = step.getLInfNorm() * scale * 2;
            if (nextLoss > loss + 1e-12) {
                break; // no step lowers the loss: at the optimum as far as doubles tell
            }
            System.arraycopy(next, 0, beta, 0, d + 1);
            loss = nextLoss;
            if (moved < TOLERANCE) {
                break;
            }
        }
        double[] weights = new double[d];
        System.arraycopy(beta, 0, weights, 0, d);
        return new Coefficients(weights, beta[d]);
    }

    /** Summed cross-entropy plus the L2 penalty (halved, so its gradient is l2 * w). */
    private static double loss(double[][] x, double[] targets, double[] beta, double l2) {
        int d = beta.length - 1;
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double z = beta[d];
            for (int j = 0; j < d; j++) {
                z += beta[j] * x[i][j];
            }
            // log(1 + e^z) - t z, written to stay finite for large |z|
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - targets[i] * z;
        }
        double penalty = 0;
        for (int j = 0; j < d; j++) {
            penalty += beta[j] * beta[j];
        }
        return sum + 0.5 * l2 * penalty;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** log(p / (1 - p)), with p kept inside (1e-12, 1 - 1e-12) so 0 and 1 stay finite. */
    public static double logit(double p) {
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        return Math.log(q / (1 - q));
    }
}

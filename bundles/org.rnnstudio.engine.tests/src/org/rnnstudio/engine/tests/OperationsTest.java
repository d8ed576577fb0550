package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnstudio.engine.ActivationFunction;
import org.rnnstudio.engine.ActivationFunctions;
import org.rnnstudio.engine.ConnectionOperation;
import org.rnnstudio.engine.ConnectionOperations;
import org.rnnstudio.engine.LossFunction;
import org.rnnstudio.engine.LossFunctions;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * Each operation on its own, against central differences of its own forward pass: the backward pass and the
 * directional derivative (R-operator) of every connection kind, the directional derivative of every
 * activation, and the gradient and curvature product of every loss.
 */
class OperationsTest {

    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-6;
    private static final int BATCH = 3;

    private static DMatrixRMaj random(Random random, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    /** a + s b, a new matrix (null stays null: a kind without weights) */
    private static DMatrixRMaj plus(DMatrixRMaj a, double s, DMatrixRMaj b) {
        if (a == null) {
            return null;
        }
        DMatrixRMaj c = a.copy();
        for (int i = 0; i < c.data.length; i++) {
            c.data[i] += s * b.data[i];
        }
        return c;
    }

    /** (f(+h) - f(-h)) / 2h of a function of the step along a direction */
    private static DMatrixRMaj centralDifference(java.util.function.DoubleFunction<DMatrixRMaj> f) {
        DMatrixRMaj up = f.apply(H);
        DMatrixRMaj down = f.apply(-H);
        DMatrixRMaj d = new DMatrixRMaj(up.numRows, up.numCols);
        for (int i = 0; i < d.data.length; i++) {
            d.data[i] = (up.data[i] - down.data[i]) / (2 * H);
        }
        return d;
    }

    /** Relative to the largest entry: max |analytic - numeric| / max |numeric| below the tolerance. */
    private static void assertAgree(DMatrixRMaj numeric, DMatrixRMaj analytic, String what) {
        assertTrue(numeric.data.length == analytic.data.length, what + ": shapes");
        double difference = 0;
        double largest = 0;
        for (int i = 0; i < numeric.data.length; i++) {
            difference = Math.max(difference, Math.abs(analytic.data[i] - numeric.data[i]));
            largest = Math.max(largest, Math.abs(numeric.data[i]));
        }
        assertTrue(largest > 0.01, what + ": (almost) all zero, nothing was checked");
        assertTrue(difference / largest < TOLERANCE, what + ": relative error " + difference / largest);
    }

    // --- connections -------------------------------------------------------------------------------------

    private static final int FROM = 4;

    private static Connection connection(Connection.Kind kind) {
        Connection c = new Connection("c", "a", "b", kind, 0);
        if (kind == Connection.Kind.IDENTITY) {
            c.setScale(-0.7);
        }
        return c;
    }

    /** from is B x 4; W is 4 x 5 for a full connection, the 1 x 4 diagonal for one-to-one, none for identity */
    private static DMatrixRMaj weightsFor(Connection.Kind kind, Random random) {
        return switch (kind) {
        case FULL -> random(random, FROM, 5);
        case ONE_TO_ONE -> random(random, 1, FROM);
        case IDENTITY -> null;
        };
    }

    private static int toUnits(Connection.Kind kind) {
        return kind == Connection.Kind.FULL ? 5 : FROM;
    }

    private static DMatrixRMaj forward(ConnectionOperation op, DMatrixRMaj from, DMatrixRMaj weights, int to) {
        DMatrixRMaj into = new DMatrixRMaj(from.numRows, to);
        op.forward(from, weights, into);
        return into;
    }

    /** R(into) along (R(from), V) against the forward's central difference along the same direction. */
    @ParameterizedTest
    @EnumSource(Connection.Kind.class)
    void connectionDirectionalDerivative(Connection.Kind kind) {
        Random random = new Random(1);
        ConnectionOperation op = ConnectionOperations.of(connection(kind));
        int to = toUnits(kind);
        DMatrixRMaj from = random(random, BATCH, FROM);
        DMatrixRMaj rFrom = random(random, BATCH, FROM);
        DMatrixRMaj weights = weightsFor(kind, random);
        DMatrixRMaj direction = weights == null ? null : random(random, weights.numRows, weights.numCols);
        DMatrixRMaj rInto = new DMatrixRMaj(BATCH, to);
        op.directional(from, rFrom, weights, direction, rInto);
        DMatrixRMaj numeric = centralDifference(h -> forward(op, plus(from, h, rFrom), plus(weights, h, direction), to));
        assertAgree(numeric, rInto, kind + " R-op");
    }

    /** dE/d(from) and dE/dW of E = sum(c * into) against central differences, element by element. */
    @ParameterizedTest
    @EnumSource(Connection.Kind.class)
    void connectionBackward(Connection.Kind kind) {
        Random random = new Random(2);
        ConnectionOperation op = ConnectionOperations.of(connection(kind));
        int to = toUnits(kind);
        DMatrixRMaj from = random(random, BATCH, FROM);
        DMatrixRMaj weights = weightsFor(kind, random);
        DMatrixRMaj c = random(random, BATCH, to);
        DMatrixRMaj dFrom = new DMatrixRMaj(BATCH, FROM);
        op.backwardSource(c, weights, dFrom);
        assertAgree(numericGradient(from, x -> forward(op, x, weights, to), c), dFrom, kind + " dE/d(from)");
        if (weights != null) {
            DMatrixRMaj dWeights = new DMatrixRMaj(weights.numRows, weights.numCols);
            op.backwardWeights(from, c, dWeights);
            assertAgree(numericGradient(weights, w -> forward(op, from, w, to), c), dWeights, kind + " dE/dW");
        }
    }

    /** d/dx_i of sum(c * f(x)), for every element of x */
    private static DMatrixRMaj numericGradient(DMatrixRMaj x, UnaryOperator<DMatrixRMaj> f, DMatrixRMaj c) {
        DMatrixRMaj g = new DMatrixRMaj(x.numRows, x.numCols);
        for (int i = 0; i < x.data.length; i++) {
            DMatrixRMaj unit = new DMatrixRMaj(x.numRows, x.numCols);
            unit.data[i] = 1;
            DMatrixRMaj d = centralDifference(h -> f.apply(plus(x, h, unit)));
            for (int j = 0; j < d.data.length; j++) {
                g.data[i] += c.data[j] * d.data[j];
            }
        }
        return g;
    }

    // --- activations -------------------------------------------------------------------------------------

    private static DMatrixRMaj apply(ActivationFunction f, DMatrixRMaj x) {
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, x.numCols);
        f.forward(x, y);
        return y;
    }

    /** Inputs away from relu's kink at 0, where it has no derivative. */
    private static DMatrixRMaj inputs(Random random, int rows, int cols) {
        DMatrixRMaj x = random(random, rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = Math.abs(x.data[i]) < 0.05 ? x.data[i] + 0.1 : 2 * x.data[i];
        }
        return x;
    }

    /** R(y) = J R(x) against the central difference of f along R(x). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationDirectionalDerivative(Activation activation) {
        Random random = new Random(3);
        ActivationFunction f = ActivationFunctions.of(activation);
        DMatrixRMaj x = inputs(random, BATCH, 5);
        DMatrixRMaj rx = random(random, BATCH, 5);
        DMatrixRMaj ry = new DMatrixRMaj(BATCH, 5);
        f.directional(apply(f, x), rx, ry);
        assertAgree(centralDifference(h -> apply(f, plus(x, h, rx))), ry, activation + " R-op");
    }

    // --- losses ------------------------------------------------------------------------------------------

    /** An output group of 5 units, its targets on units 0, 2, 3 and 4 only, with the loss's activation. */
    private static UnitGroup output(UnitGroup.Loss loss) {
        UnitGroup out = new UnitGroup("out", UnitGroup.Role.OUTPUT, 5);
        out.setActivation(switch (loss) {
        case SQUARED_ERROR -> Activation.TANH;
        case LOGISTIC_CROSS_ENTROPY -> Activation.LOGISTIC;
        case CROSS_ENTROPY -> Activation.SOFTMAX;
        case CTC -> throw new IllegalArgumentException("a sequence-level loss: CtcModelTest checks it");
        });
        out.setTarget(loss, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        out.setUnits(new int[] {0, 2, 3, 4});
        return out;
    }

    /** Targets each loss accepts on the targeted units (real, 0/1, one-hot), NaN elsewhere and on row 1's unit 3. */
    private static DMatrixRMaj targets(UnitGroup.Loss loss, Random random) {
        DMatrixRMaj t = new DMatrixRMaj(BATCH, 5);
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < 5; j++) {
                t.data[b * 5 + j] = switch (loss) {
                case SQUARED_ERROR -> random.nextGaussian();
                case LOGISTIC_CROSS_ENTROPY -> random.nextBoolean() ? 1 : 0;
                case CROSS_ENTROPY -> j == (2 * b) % 5 ? 1 : 0;
                case CTC -> throw new IllegalArgumentException("a sequence-level loss: CtcModelTest checks it");
                };
            }
            t.data[b * 5 + 1] = Double.NaN;
        }
        if (loss != UnitGroup.Loss.CROSS_ENTROPY) {
            t.data[5 + 3] = Double.NaN;
        }
        return t;
    }

    /**
     * The loss as a function of the variable its derivatives are taken for: of net through the activation
     * for the cross-entropies, of y alone for squared error.
     */
    private static final class Probe {
        final LossFunction loss;
        final ActivationFunction f;
        final DMatrixRMaj target;

        Probe(UnitGroup group, DMatrixRMaj target) {
            this.loss = LossFunctions.of(group);
            this.f = ActivationFunctions.of(group.activation());
            this.target = target;
        }

        DMatrixRMaj outputs(DMatrixRMaj v) {
            return loss.withRespectToNet() ? apply(f, v) : v;
        }

        double value(DMatrixRMaj v) {
            double e = 0;
            for (int b = 0; b < BATCH; b++) {
                e += loss.value(v, outputs(v), target, b);
            }
            return e;
        }

        DMatrixRMaj gradient(DMatrixRMaj v) {
            DMatrixRMaj g = new DMatrixRMaj(v.numRows, v.numCols);
            for (int b = 0; b < BATCH; b++) {
                loss.addGradient(outputs(v), target, b, 1, g);
            }
            return g;
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnitGroup.Loss.class, mode = EnumSource.Mode.EXCLUDE, names = "CTC")
    void lossGradient(UnitGroup.Loss kind) {
        Random random = new Random(4);
        Probe probe = new Probe(output(kind), targets(kind, random));
        DMatrixRMaj v = inputs(random, BATCH, 5);
        DMatrixRMaj numeric = new DMatrixRMaj(BATCH, 5);
        for (int i = 0; i < v.data.length; i++) {
            DMatrixRMaj unit = new DMatrixRMaj(BATCH, 5);
            unit.data[i] = 1;
            numeric.data[i] = (probe.value(plus(v, H, unit)) - probe.value(plus(v, -H, unit))) / (2 * H);
        }
        assertAgree(numeric, probe.gradient(v), kind + " gradient");
    }

    /** H r is the derivative of the gradient along r: the central difference of the gradient. */
    @ParameterizedTest
    @EnumSource(value = UnitGroup.Loss.class, mode = EnumSource.Mode.EXCLUDE, names = "CTC")
    void lossCurvatureProduct(UnitGroup.Loss kind) {
        Random random = new Random(5);
        Probe probe = new Probe(output(kind), targets(kind, random));
        DMatrixRMaj v = inputs(random, BATCH, 5);
        DMatrixRMaj r = random(random, BATCH, 5);
        DMatrixRMaj product = new DMatrixRMaj(BATCH, 5);
        for (int b = 0; b < BATCH; b++) {
            probe.loss.addCurvatureProduct(probe.outputs(v), probe.target, r, b, 1, product);
        }
        assertAgree(centralDifference(h -> probe.gradient(plus(v, h, r))), product, kind + " curvature product");
    }
}

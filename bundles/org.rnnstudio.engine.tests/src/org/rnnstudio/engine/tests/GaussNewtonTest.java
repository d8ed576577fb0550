package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.HessianFree;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The Gauss-Newton products of {@link Pass#gaussNewton} against the matrix built from Jacobians taken by
 * central differences of the forward pass. The Gauss-Newton matrix of a matched loss and nonlinearity is
 * written here in the outputs' own terms, Jᵀ W J with J = dy/dθ: W = I for linear outputs with squared
 * error, diag(1 / (y (1 - y))) for logistic outputs with logistic cross-entropy, sum(t) diag(1 / y) for
 * softmax outputs with cross-entropy (the Fisher information of each output's distribution), and for the
 * structural damping of a hidden group diag(1 / f'(net)), which is the curvature f'(net) at net seen from y.
 */
class GaussNewtonTest {

    /**
     * Every connection kind (full, one-to-one, identity), delays 1 and 2, a product group, shared weights, a
     * learned initial state, an LSTM cell (its gates), a frozen connection, and the given output.
     */
    private static Model model(Activation output, UnitGroup.Loss loss, UnitGroup.TargetSchedule schedule) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        UnitGroup hidden = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 3));
        hidden.setActivation(Activation.TANH);
        hidden.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        m.addGroup(new UnitGroup("gate", UnitGroup.Role.HIDDEN, 3)).setActivation(Activation.LOGISTIC);
        UnitGroup product = m.addGroup(new UnitGroup("product", UnitGroup.Role.HIDDEN, 3));
        product.setCombine(UnitGroup.Combine.PRODUCT);
        product.setActivation(Activation.LINEAR);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 3));
        out.setActivation(output);
        out.setTarget(loss, schedule, 1);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0)).setSharedWeights("w");
        m.addConnection(new Connection("in-gate", "in", "gate", Connection.Kind.FULL, 1)).setSharedWeights("w");
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 2));
        m.addConnection(new Connection("gate-product", "gate", "product", Connection.Kind.IDENTITY, 0)).setScale(-0.5);
        m.addConnection(new Connection("hidden-product", "hidden", "product", Connection.Kind.ONE_TO_ONE, 1));
        Cell cell = new Cell("cell", Cell.Kind.LSTM, 2);
        cell.setPeepholes(true);
        m.cells().add(cell);
        m.addConnection(new Connection("product-cell", "product", "cell", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("cell-out", "cell", "out", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 1)).setTrainable(false);
        return m;
    }

    private static Model model(String output) {
        return switch (output) {
        case "linear" -> model(Activation.LINEAR, UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP);
        case "logistic" -> model(Activation.LOGISTIC, UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP);
        case "softmax" -> model(Activation.SOFTMAX, UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP);
        default -> throw new IllegalArgumentException(output);
        };
    }

    private static final int BATCH = 3;
    private static final int STEPS = 5;

    /** One model, its weights moved off their start, a batch, and a direction. */
    private record Setup(Plan plan, Network network, Batch data, DMatrixRMaj[] direction) {
        static Setup of(Model model) throws Exception {
            Plan plan = Plan.compile(model);
            Network network = new Network(plan);
            network.initialize(Initialization.GLOROT, 1, 3);
            Random random = new Random(4);
            DMatrixRMaj[] direction = network.zerosLike();
            for (Plan.ParameterSet p : plan.parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] += 0.3 * random.nextGaussian();
                    direction[p.index()].data[i] = random.nextGaussian();
                }
            }
            return new Setup(plan, network, GradientCheck.randomBatch(plan, BATCH, STEPS, 5), direction);
        }

        int parameters() {
            return plan.parameters().stream().mapToInt(Plan.ParameterSet::size).sum();
        }

        double[] flat(DMatrixRMaj[] sets) {
            double[] flat = new double[parameters()];
            int at = 0;
            for (Plan.ParameterSet p : plan.parameters()) {
                System.arraycopy(sets[p.index()].data, 0, flat, at, p.size());
                at += p.size();
            }
            return flat;
        }

        void move(int parameter, double by) {
            for (Plan.ParameterSet p : plan.parameters()) {
                if (parameter < p.size()) {
                    network.value(p).data[parameter] += by;
                    return;
                }
                parameter -= p.size();
            }
        }

        /** G v by the pass, flat, with the hidden groups' damping weight. */
        double[] product(double hiddenDamping) {
            Pass pass = new Pass(plan, BATCH, STEPS);
            pass.forward(network, data);
            pass.directional(network, data, direction);
            DMatrixRMaj[] into = network.zerosLike();
            pass.gaussNewton(network, data, into, hiddenDamping);
            return flat(into);
        }

        /**
         * Jᵀ W J v with J of every output (hidden false) or hidden (true) unit at every step and sequence
         * where the pass takes its loss (its damping), by central differences; the mean over sequences.
         */
        double[] byDifferences(boolean hidden) {
            int n = parameters();
            double h = 1e-5;
            Pass pass = new Pass(plan, BATCH, STEPS);
            pass.forward(network, data);
            double[][][] y = outputs(pass);
            double[][][][] jacobian = new double[n][][][];
            for (int i = 0; i < n; i++) {
                move(i, h);
                pass.forward(network, data);
                double[][][] up = outputs(pass);
                move(i, -2 * h);
                pass.forward(network, data);
                double[][][] down = outputs(pass);
                move(i, h);
                jacobian[i] = new double[up.length][STEPS][];
                for (int g = 0; g < up.length; g++) {
                    for (int t = 0; t < STEPS; t++) {
                        jacobian[i][g][t] = new double[up[g][t].length];
                        for (int k = 0; k < up[g][t].length; k++) {
                            jacobian[i][g][t][k] = (up[g][t][k] - down[g][t][k]) / (2 * h);
                        }
                    }
                }
            }
            double[] v = flat(direction);
            double[] result = new double[n];
            for (int g = 0; g < plan.groups().size(); g++) {
                UnitGroup group = plan.groups().get(g);
                if (group.isInput() || group.isOutput() != !hidden) {
                    continue;
                }
                int units = group.size();
                for (int t = 0; t < STEPS; t++) {
                    for (int b = 0; b < BATCH; b++) {
                        int length = data.lengths()[b];
                        boolean scored = hidden ? t < length
                                : t < length && (group.targetSchedule() == UnitGroup.TargetSchedule.EVERY_STEP || t == length - 1);
                        if (!scored) {
                            continue;
                        }
                        double targetSum = 0;
                        for (int u = 0; u < units && !hidden; u++) {
                            targetSum += data.target(g, t).data[b * units + u];
                        }
                        for (int u = 0; u < units; u++) {
                            int k = b * units + u;
                            double out = y[g][t][k];
                            double w = weight(group.activation(), hidden, out, targetSum);
                            double jv = 0;
                            for (int i = 0; i < n; i++) {
                                jv += jacobian[i][g][t][k] * v[i];
                            }
                            for (int i = 0; i < n; i++) {
                                result[i] += jacobian[i][g][t][k] * w * jv / BATCH;
                            }
                        }
                    }
                }
            }
            return result;
        }

        private double[][][] outputs(Pass pass) {
            double[][][] all = new double[plan.groups().size()][STEPS][];
            for (int g = 0; g < all.length; g++) {
                for (int t = 0; t < STEPS; t++) {
                    all[g][t] = pass.output(g, t).data.clone();
                }
            }
            return all;
        }
    }

    /** W of one unit, from its output y: see the class comment. */
    private static double weight(Activation activation, boolean hidden, double y, double targetSum) {
        switch (activation) {
        case LINEAR:
            return 1;
        case LOGISTIC:
            return 1 / (y * (1 - y));
        case TANH:
            return 1 / (1 - y * y);
        case SOFTMAX:
            return hidden ? Double.NaN : targetSum / y;
        default:
            throw new IllegalArgumentException(activation.name());
        }
    }

    /** The largest difference on the trainable parameters, relative to the largest entry of the expected product. */
    private static double relativeError(Setup s, double[] expected, double[] actual) {
        double largest = 0;
        double difference = 0;
        int at = 0;
        for (Plan.ParameterSet p : s.plan().parameters()) {
            for (int i = 0; i < p.size(); i++, at++) {
                if (p.trainable()) {
                    largest = Math.max(largest, Math.abs(expected[at]));
                    difference = Math.max(difference, Math.abs(expected[at] - actual[at]));
                }
            }
        }
        assertTrue(largest > 1e-3, "the product is not trivially zero (" + largest + ")");
        return difference / largest;
    }

    /** G v of each matched output pair, through every connection kind, delays 1 and 2, a product group and an LSTM cell. */
    @ParameterizedTest
    @ValueSource(strings = {"linear", "logistic", "softmax"})
    void theGaussNewtonProductEqualsJacobiansTransposeTimesTheLossCurvature(String output) throws Exception {
        Setup s = Setup.of(model(output));
        double error = relativeError(s, s.byDifferences(false), s.product(0));
        assertTrue(error < 1e-6, output + ": relative error " + error);
    }

    /** Structural damping adds d Jᵀ_h D_h J_h v over every hidden group (gates and cell states included) at every step. */
    @Test
    void structuralDampingAddsTheHiddenStatesGaussNewtonProduct() throws Exception {
        Setup s = Setup.of(model("linear"));
        double damping = 0.7;
        double[] with = s.product(damping);
        double[] without = s.product(0);
        double[] added = new double[with.length];
        for (int i = 0; i < with.length; i++) {
            added[i] = (with[i] - without[i]) / damping;
        }
        double error = relativeError(s, s.byDifferences(true), added);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    @Test
    void anOutputWhoseLossDoesNotMatchItsNonlinearityIsRefusedByName() throws Exception {
        Plan tanhOutput = Plan.compile(model(Activation.TANH, UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP));
        String message = HessianFree.unmatched(tanhOutput);
        assertNotNull(message);
        assertTrue(message.contains("'out'") && message.contains("tanh"), message);
        for (String output : new String[] {"linear", "logistic", "softmax"}) {
            assertNull(HessianFree.unmatched(Plan.compile(model(output))), output);
        }
    }
}

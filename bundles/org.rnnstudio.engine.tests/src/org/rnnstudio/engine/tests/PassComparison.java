package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Initialization;

/** Two ways of computing the same pass held to the same numbers: loss, gradients, every output and dE/dy, Gauss-Newton products. */
final class PassComparison {

    static final double TOLERANCE = 1e-12;

    private PassComparison() {
    }

    /** Small uniform weights, and Gaussian biases and initial states, so that none of them is zero. */
    static Network network(Plan plan) {
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 0.5, 3);
        java.util.Random random = new java.util.Random(5);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = random.nextGaussian() * 0.5;
                }
            }
        }
        return network;
    }

    /** The candidate's loss, gradients, outputs and dE/dy (dE/dx too, when both passes compute it) equal the reference's to 1e-12. */
    static void assertSameNumbers(Plan plan, Network network, Batch batch, Pass reference, Pass candidate, int truncation) {
        double loss = candidate.forward(network, batch);
        double referenceLoss = reference.forward(network, batch);
        assertTrue(referenceLoss > 0);
        assertEquals(referenceLoss, loss, TOLERANCE * referenceLoss);
        DMatrixRMaj[] gradients = network.zerosLike();
        DMatrixRMaj[] referenceGradients = network.zerosLike();
        candidate.backward(network, batch, gradients, truncation);
        reference.backward(network, batch, referenceGradients, truncation);
        for (int p = 0; p < gradients.length; p++) {
            assertTrue(CommonOps_DDRM.elementMaxAbs(referenceGradients[p]) > 0, plan.parameters().get(p).name() + " has no gradient");
            assertClose(referenceGradients[p], gradients[p], plan.parameters().get(p).name());
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int t = 0; t < batch.steps(); t++) {
                String where = plan.groups().get(g).id() + " at step " + t;
                assertClose(reference.output(g, t), candidate.output(g, t), "output of " + where);
                assertClose(reference.outputGradient(g, t), candidate.outputGradient(g, t), "dE/dy of " + where);
            }
        }
    }

    /** R(y) of every group at every step and G v along a random direction, with structural damping 0.3, equal to 1e-12. */
    static void assertSameGaussNewton(Plan plan, Network network, Batch batch, Pass reference, Pass candidate) {
        DMatrixRMaj[] direction = network.zerosLike();
        java.util.Random random = new java.util.Random(3);
        for (DMatrixRMaj d : direction) {
            for (int i = 0; i < d.data.length; i++) {
                d.data[i] = random.nextGaussian();
            }
        }
        Pass[] passes = { candidate, reference };
        DMatrixRMaj[][] products = new DMatrixRMaj[2][];
        for (int i = 0; i < 2; i++) {
            passes[i].forward(network, batch);
            passes[i].directional(network, batch, direction);
            products[i] = network.zerosLike();
            passes[i].gaussNewton(network, batch, products[i], 0.3);
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int t = 0; t < batch.steps(); t++) {
                assertClose(reference.outputDirectional(g, t), candidate.outputDirectional(g, t), "R(y) of " + plan.groups().get(g).id() + " at step " + t);
            }
        }
        for (int p = 0; p < products[0].length; p++) {
            assertTrue(CommonOps_DDRM.elementMaxAbs(products[1][p]) > 0, "G v for " + plan.parameters().get(p).name() + " is zero");
            assertClose(products[1][p], products[0][p], "G v for " + plan.parameters().get(p).name());
        }
    }

    /** Equal to 1e-12 of the largest entry of the reference (both null for an input group's dE/dy). */
    static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected == null, actual == null, what);
        if (expected == null) {
            return;
        }
        double scale = CommonOps_DDRM.elementMaxAbs(expected);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], TOLERANCE * scale, what + ", entry " + i);
        }
    }
}

package org.rnnstudio.engine;

import java.util.Random;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;

/**
 * The fixed random weights of an echo-state reservoir (Jaeger 2001), drawn from the cell's own seed in one
 * order (recurrent weights, biases, then each connection into the cell in the model's order), so the same
 * seed gives the same reservoir bit for bit whatever else the model holds. The recurrent weights are sparse,
 * uniform in [-1, 1] where present, then scaled so that their largest absolute eigenvalue is the cell's
 * spectral radius; the input weights are uniform in [-inputScaling, inputScaling], the biases in
 * [-biasScaling, biasScaling].
 */
public final class Reservoir {

    private Reservoir() {
    }

    /** Draws every reservoir of the network's model into its parameter sets. */
    static void initializeAll(Network network) {
        Model source = network.plan().source();
        for (Cell cell : source.cells()) {
            if (cell.kind() == Cell.Kind.RESERVOIR) {
                initialize(network, source, cell);
            }
        }
    }

    private static void initialize(Network network, Model source, Cell cell) {
        Plan plan = network.plan();
        Random random = new Random(cell.seed());
        DMatrixRMaj recurrent = network.value(parameter(plan, "connection:" + cell.id() + ".recurrent"));
        recurrent.setTo(recurrentWeights(cell.size(), cell.connectivity(), cell.spectralRadius(), random));
        String candidate = cell.id() + ".candidate";
        Plan.ParameterSet bias = plan.bias(plan.groupIndex(candidate));
        if (bias != null) {
            fill(network.value(bias), random, cell.biasScaling());
        }
        for (Connection c : source.connections()) {
            if (c.to().equals(cell.id())) {
                String key = c.sharedWeights() != null ? "shared:" + c.sharedWeights() + ".candidate" : "connection:" + c.id() + ".candidate";
                fill(network.value(parameter(plan, key)), random, cell.inputScaling());
            }
        }
    }

    /**
     * An n x n matrix whose entries are, each with probability {@code connectivity}, uniform in [-1, 1], scaled
     * to the spectral radius (left as drawn when it has no eigenvalue but zero).
     */
    public static DMatrixRMaj recurrentWeights(int n, double connectivity, double spectralRadius, Random random) {
        DMatrixRMaj w = DMatrixRMaj.wrap(n, n, sparsePattern(n, connectivity, random));
        double radius = spectralRadius(w);
        if (radius > 0) {
            for (int i = 0; i < w.data.length; i++) {
                w.data[i] *= spectralRadius / radius;
            }
        }
        return w;
    }

    /**
     * The recurrent weights before their scaling: where they are not zero and their signs and relative sizes,
     * as the studio draws an open reservoir (no eigenvalues needed). From a Random of the cell's seed, these are
     * the cell's own: n x n, row-major (row i: what unit i sends to each unit).
     */
    public static double[] sparsePattern(int n, double connectivity, Random random) {
        double[] w = new double[n * n];
        for (int i = 0; i < w.length; i++) {
            if (random.nextDouble() < connectivity) {
                w[i] = 2 * random.nextDouble() - 1;
            }
        }
        return w;
    }

    /** The largest absolute eigenvalue, from EJML's eigenvalue decomposition of a general square matrix. */
    public static double spectralRadius(DMatrixRMaj w) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(w.numRows, false);
        if (!eig.decompose(w.copy())) {
            throw new IllegalStateException("the eigenvalue decomposition of a " + w.numRows + " x " + w.numCols + " matrix did not converge");
        }
        double radius = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = eig.getEigenvalue(i);
            radius = Math.max(radius, lambda.getMagnitude());
        }
        return radius;
    }

    private static Plan.ParameterSet parameter(Plan plan, String name) {
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("no parameter set " + name);
    }

    private static void fill(DMatrixRMaj w, Random random, double limit) {
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = (2 * random.nextDouble() - 1) * limit;
        }
    }
}

package org.rnnstudio.engine;

import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.UnitGroup;

/** A compiled plan and the current values of its parameters, one matrix per parameter set. */
public final class Network {

    private final Plan plan;
    private final DMatrixRMaj[] values;

    public Network(Plan plan) {
        this.plan = plan;
        List<Plan.ParameterSet> sets = plan.parameters();
        values = new DMatrixRMaj[sets.size()];
        for (Plan.ParameterSet p : sets) {
            values[p.index()] = new DMatrixRMaj(p.rows(), p.cols());
        }
    }

    public Plan plan() {
        return plan;
    }

    public DMatrixRMaj value(Plan.ParameterSet p) {
        return values[p.index()];
    }

    public DMatrixRMaj value(int index) {
        return values[index];
    }

    /** A copy of one parameter set's values, row-major: for views and files, which need no matrix library. */
    public double[] copyOf(Plan.ParameterSet p) {
        return values[p.index()].data.clone();
    }

    /** A new matrix per parameter set, the same shapes, all zero: for gradients and optimiser state. */
    public DMatrixRMaj[] zerosLike() {
        DMatrixRMaj[] zeros = new DMatrixRMaj[values.length];
        for (int i = 0; i < values.length; i++) {
            zeros[i] = new DMatrixRMaj(values[i].numRows, values[i].numCols);
        }
        return zeros;
    }

    /** Sets every parameter from the seed: the same seed gives the same numbers on every machine. */
    public void initialize(Initialization scheme, double scale, long seed) {
        Random random = new Random(seed);
        for (Plan.ParameterSet p : plan.parameters()) {
            DMatrixRMaj w = values[p.index()];
            w.zero();
            switch (p.kind()) {
            case BIAS:
                break;
            case INITIAL_STATE:
                double[] start = groupOf(p).initialValues();
                if (start != null) {
                    System.arraycopy(start, 0, w.data, 0, start.length);
                }
                break;
            case DIAGONAL:
                fillUniform(w, random, scheme == Initialization.SMALL_UNIFORM ? scale : 1.0);
                break;
            case MATRIX:
                initializeMatrix(w, scheme, scale, random);
                break;
            default:
                throw new IllegalStateException(p.kind().name());
            }
        }
    }

    private UnitGroup groupOf(Plan.ParameterSet p) {
        String id = p.name().substring(p.name().indexOf(':') + 1);
        return plan.groups().get(plan.groupIndex(id));
    }

    private static void initializeMatrix(DMatrixRMaj w, Initialization scheme, double scale, Random random) {
        boolean square = w.numRows == w.numCols;
        switch (scheme) {
        case SMALL_UNIFORM:
            fillUniform(w, random, scale);
            break;
        case ORTHOGONAL:
            if (square) {
                Orthogonal.fill(w, random);
                for (int i = 0; i < w.data.length; i++) {
                    w.data[i] *= scale;
                }
                break;
            }
            fillUniform(w, random, Math.sqrt(6.0 / (w.numRows + w.numCols)));
            break;
        case SCALED_IDENTITY:
            if (square) {
                for (int i = 0; i < w.numRows; i++) {
                    w.set(i, i, scale);
                }
                break;
            }
            fillUniform(w, random, Math.sqrt(6.0 / (w.numRows + w.numCols)));
            break;
        case GLOROT:
            fillUniform(w, random, Math.sqrt(6.0 / (w.numRows + w.numCols)));
            break;
        default:
            throw new IllegalStateException(scheme.name());
        }
    }

    private static void fillUniform(DMatrixRMaj w, Random random, double limit) {
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = (2 * random.nextDouble() - 1) * limit;
        }
    }
}

package org.rnnstudio.engine.dynamics;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.UnitGroup;

/**
 * One time step of a network seen as a map h' = F(h, x). The state h is the output of every group that a
 * delayed connection reads (input groups excepted: they are the drive x), side by side in plan order: what
 * the next step reads. Cells are run through their expansion into groups and gates, as the engine runs
 * them. The Jacobian dF/dh is computed forward through the step (the chain rule group by group, the
 * activations' slopes times the weights), for a whole block of tangent vectors at once.
 */
public final class StepMap {

    private final Plan plan;
    private final Network network;
    private final int[] stateOffset;
    private final int[] inputOffset;
    private final List<Integer> stateGroups = new ArrayList<>();
    private final int dimension;
    private final int inputWidth;

    private StepMap(Network network) throws DynamicsException {
        this.network = network;
        this.plan = network.plan();
        int groups = plan.groups().size();
        stateOffset = new int[groups];
        inputOffset = new int[groups];
        int n = 0;
        int m = 0;
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            stateOffset[g] = -1;
            inputOffset[g] = -1;
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.delay() > 1) {
                    throw new DynamicsException("connection '" + w.connection().id() + "' has delay " + w.delay()
                            + ": the dynamics reads one step back only; pass the signal through a chain of delay-1 groups instead");
                }
            }
            if (group.isInput()) {
                inputOffset[g] = m;
                m += group.size();
            } else if (plan.maxDelayRead(g) == 1) {
                stateOffset[g] = n;
                stateGroups.add(g);
                n += group.size();
            }
        }
        if (n == 0) {
            throw new DynamicsException("no delayed connection reads a group of '" + plan.model().name()
                    + "': it has no state that carries over from one step to the next");
        }
        dimension = n;
        inputWidth = m;
    }

    /** The map of this network with its current weights; refuses delays of more than one step. */
    public static StepMap of(Network network) throws DynamicsException {
        return new StepMap(network);
    }

    public Plan plan() {
        return plan;
    }

    /** The number of state units n. */
    public int dimension() {
        return dimension;
    }

    /** The number of input values per step (all input groups side by side). */
    public int inputWidth() {
        return inputWidth;
    }

    /** True when some group reads an input group at the same step (then a step consumes x_t, otherwise x_(t-1)). */
    public boolean readsInputWithoutDelay() {
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.delay() == 0 && inputOffset[w.fromGroup()] >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The plan indices of the groups that make up the state, in the state's order. */
    public List<Integer> stateGroups() {
        return stateGroups;
    }

    /** Where group g starts in the state vector, or -1 when it is not part of the state. */
    public int stateOffset(int g) {
        return stateOffset[g];
    }

    /** Where input group g starts in the drive's values, or -1 when it is not an input group. */
    public int inputOffset(int g) {
        return inputOffset[g];
    }

    /** "GROUP.UNIT" for each state unit. */
    public String unitName(int i) {
        for (int g : stateGroups) {
            int size = plan.groups().get(g).size();
            if (i < stateOffset[g] + size) {
                return plan.groups().get(g).id() + "." + (i - stateOffset[g]);
            }
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** The state unit named "GROUP.UNIT" (or "GROUP" for its first unit), or -1. */
    public int unitIndex(String name) {
        int dot = name.lastIndexOf('.');
        String id = dot < 0 ? name : name.substring(0, dot);
        for (int g : stateGroups) {
            UnitGroup group = plan.groups().get(g);
            if (group.id().equals(id)) {
                try {
                    int u = dot < 0 ? 0 : Integer.parseInt(name.substring(dot + 1));
                    return u >= 0 && u < group.size() ? stateOffset[g] + u : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The range a state unit's activation can take, for random initial states: [low, high]. */
    public double[] range(int i) {
        for (int g : stateGroups) {
            UnitGroup group = plan.groups().get(g);
            if (i < stateOffset[g] + group.size()) {
                return switch (group.activation()) {
                case LOGISTIC, SOFTMAX, RELU -> new double[] {0, 1};
                default -> new double[] {-1, 1};
                };
            }
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** The network's own initial state (zero, fixed or learned), as the engine starts a sequence. */
    public double[] initialState() {
        double[] h = new double[dimension];
        for (int g : stateGroups) {
            UnitGroup group = plan.groups().get(g);
            double[] values = plan.initialState(g) != null ? network.value(plan.initialState(g)).data
                    : group.initialState() == UnitGroup.InitialStateKind.FIXED ? group.initialValues() : null;
            if (values != null) {
                System.arraycopy(values, 0, h, stateOffset[g], group.size());
            }
        }
        return h;
    }

    /** The outputs of every group at one step, [plan group][unit]. */
    public double[][] outputs(double[] h, double[] x, double[] xPrevious) {
        return forward(h, x, xPrevious, null, null);
    }

    /** h' = F(h, x) into next; x are the inputs at this step, xPrevious those of the step before. */
    public void step(double[] h, double[] x, double[] xPrevious, double[] next) {
        gather(forward(h, x, xPrevious, null, null), next);
    }

    /**
     * h' = F(h, x) into next, and dF/dh times the n x k tangent block v into dNext (n x k). With v the
     * identity, dNext is the Jacobian; with one column, the tangent vector one step later.
     */
    public void step(double[] h, double[] x, double[] xPrevious, DMatrixRMaj v, double[] next, DMatrixRMaj dNext) {
        DMatrixRMaj[] tangent = new DMatrixRMaj[plan.groups().size()];
        double[][] y = forward(h, x, xPrevious, v, tangent);
        gather(y, next);
        dNext.reshape(dimension, v.numCols);
        for (int g : stateGroups) {
            CommonOps_DDRM.insert(tangent[g], dNext, stateOffset[g], 0);
        }
    }

    /** The Jacobian dF/dh at (h, x), with the same input at this step and the step before (a constant drive). */
    public DMatrixRMaj jacobian(double[] h, double[] x) {
        DMatrixRMaj j = new DMatrixRMaj(dimension, dimension);
        step(h, x, x, CommonOps_DDRM.identity(dimension), new double[dimension], j);
        return j;
    }

    private void gather(double[][] y, double[] next) {
        for (int g : stateGroups) {
            System.arraycopy(y[g], 0, next, stateOffset[g], y[g].length);
        }
    }

    /**
     * Every group's output in execution order; with a tangent block v, also every group's derivative with
     * respect to the state (units x k) into tangent.
     */
    private double[][] forward(double[] h, double[] x, double[] xPrevious, DMatrixRMaj v, DMatrixRMaj[] tangent) {
        int groups = plan.groups().size();
        double[][] y = new double[groups][];
        int k = v == null ? 0 : v.numCols;
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            int size = group.size();
            if (group.isInput()) {
                y[g] = new double[size];
                System.arraycopy(x, inputOffset[g], y[g], 0, size);
                continue;
            }
            List<Plan.Wire> wires = plan.incoming(g);
            double[] net = new double[size];
            DMatrixRMaj dNet = v == null ? null : new DMatrixRMaj(size, k);
            boolean product = group.combine() == UnitGroup.Combine.PRODUCT;
            double[][] brought = new double[wires.size()][];
            DMatrixRMaj[] dBrought = new DMatrixRMaj[wires.size()];
            for (int w = 0; w < wires.size(); w++) {
                Plan.Wire wire = wires.get(w);
                brought[w] = new double[size];
                double[] source = source(wire, h, x, xPrevious, y);
                Wiring.carry(wire, network, source, brought[w]);
                DMatrixRMaj dSource = v == null ? null : sourceTangent(wire, v, tangent);
                if (dSource != null) {
                    dBrought[w] = new DMatrixRMaj(size, k);
                    Wiring.carryTangent(wire, network, dSource, dBrought[w]);
                }
            }
            if (product) {
                ProductRule.combine(brought, dBrought, net, dNet);
            } else {
                for (int w = 0; w < wires.size(); w++) {
                    for (int j = 0; j < size; j++) {
                        net[j] += brought[w][j];
                    }
                    if (dBrought[w] != null) {
                        CommonOps_DDRM.addEquals(dNet, dBrought[w]);
                    }
                }
            }
            if (plan.bias(g) != null) {
                double[] b = network.value(plan.bias(g)).data;
                for (int j = 0; j < size; j++) {
                    net[j] += b[j];
                }
            }
            y[g] = Slopes.apply(group.activation(), net);
            if (v != null) {
                tangent[g] = Slopes.chain(group.activation(), y[g], dNet);
            }
        }
        return y;
    }

    private double[] source(Plan.Wire wire, double[] h, double[] x, double[] xPrevious, double[][] y) {
        int from = wire.fromGroup();
        if (wire.delay() == 0) {
            return y[from];
        }
        int size = plan.groups().get(from).size();
        double[] s = new double[size];
        if (inputOffset[from] >= 0) {
            System.arraycopy(xPrevious, inputOffset[from], s, 0, size);
        } else {
            System.arraycopy(h, stateOffset[from], s, 0, size);
        }
        return s;
    }

    /** d(source)/dh: a block of v for a delayed state group, the group's tangent for an undelayed one, none for inputs. */
    private DMatrixRMaj sourceTangent(Plan.Wire wire, DMatrixRMaj v, DMatrixRMaj[] tangent) {
        int from = wire.fromGroup();
        if (inputOffset[from] >= 0) {
            return null;
        }
        if (wire.delay() == 0) {
            return tangent[from];
        }
        int size = plan.groups().get(from).size();
        return CommonOps_DDRM.extract(v, stateOffset[from], stateOffset[from] + size, 0, v.numCols);
    }
}

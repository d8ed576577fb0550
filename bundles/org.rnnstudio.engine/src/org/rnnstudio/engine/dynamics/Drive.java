package org.rnnstudio.engine.dynamics;

import java.util.Arrays;

import org.rnnstudio.engine.Sequence;

/**
 * The input that drives a free run: the values of every input group (in plan order, side by side) at each
 * step. Before step 0 the inputs are zero, as the engine's initial state of an input group.
 */
public abstract class Drive {

    /** The inputs at step t (t may be negative); the caller does not change the array. */
    public abstract double[] at(int t);

    /** True when the input is the same at every step, so that the map has fixed points of its own. */
    public abstract boolean isConstant();

    /** A person's words for the command line and the view. */
    public abstract String describe();

    public static Drive zero(int width) {
        return constant(new double[width], "zero input");
    }

    public static Drive constant(double[] values) {
        return constant(values.clone(), "constant input " + Arrays.toString(values));
    }

    private static Drive constant(double[] values, String words) {
        double[] none = new double[values.length];
        return new Drive() {
            @Override
            public double[] at(int t) {
                return t < 0 ? none : values;
            }

            @Override
            public boolean isConstant() {
                return true;
            }

            @Override
            public String describe() {
                return words;
            }
        };
    }

    /** A data set's sequence as the drive of this map: its input groups side by side, in plan order. */
    public static Drive of(StepMap map, Sequence sequence, String name) {
        double[][] steps = new double[sequence.length()][map.inputWidth()];
        for (int g = 0; g < map.plan().groups().size(); g++) {
            double[][] values = sequence.inputs().get(map.plan().groups().get(g).id());
            if (map.plan().groups().get(g).isInput() && values != null) {
                for (int t = 0; t < steps.length; t++) {
                    System.arraycopy(values[t], 0, steps[t], map.inputOffset(g), values[t].length);
                }
            }
        }
        return sequence(steps, name);
    }

    /** One sequence's inputs, [step][value]; after its last step the input is zero (the network runs on alone). */
    public static Drive sequence(double[][] steps, String name) {
        int width = steps.length == 0 ? 0 : steps[0].length;
        double[] none = new double[width];
        return new Drive() {
            @Override
            public double[] at(int t) {
                return t < 0 || t >= steps.length ? none : steps[t];
            }

            @Override
            public boolean isConstant() {
                return false;
            }

            @Override
            public String describe() {
                return name + " (" + steps.length + " steps, then zero input)";
            }
        };
    }
}

package org.rnnstudio.model;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a hidden-state model of kind {@code lds} or {@code hmm} declares beside its sizes: which of its
 * parameter sets are fixed (not learned) and the starting values of any of them. Every parameter set is a
 * matrix with a name and a shape that the sizes decide; a vector is a matrix of one row.
 */
public abstract class HiddenStateDescription {

    private final Set<String> fixed = new LinkedHashSet<>();
    private final Map<String, double[][]> parameters = new LinkedHashMap<>();

    /** The parameter sets' names, in the order files list them. */
    public abstract List<String> parameterNames();

    /** Rows and columns of a parameter set, from the sizes. */
    public abstract int[] shape(String name);

    /** Names of the parameter sets that learning leaves as they are. */
    public Set<String> fixed() {
        return fixed;
    }

    public boolean isFixed(String name) {
        return fixed.contains(name);
    }

    /** Starting values by parameter name; a parameter set not listed is initialised by the engine. */
    public Map<String, double[][]> parameters() {
        return parameters;
    }
}

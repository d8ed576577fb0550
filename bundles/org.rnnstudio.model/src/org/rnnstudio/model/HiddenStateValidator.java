package org.rnnstudio.model;

import java.util.List;
import java.util.Map;

/**
 * Checks a model of kind {@code lds} or {@code hmm}: its sizes, the names and shapes of its parameter sets,
 * and that the given values mean what they claim (covariances symmetric with a non-negative diagonal,
 * probabilities non-negative and summing to 1). Each problem names the element, e.g. {@code 'hmm.A'}.
 */
final class HiddenStateValidator {

    /** How far a row of probabilities may be from summing to 1: files hold rounded decimals. */
    private static final double SUM_TOLERANCE = 1e-6;

    private HiddenStateValidator() {
    }

    static void validate(Model model, List<Diagnostic> out) {
        String kind = ModelFile.fileName(model.kind());
        if (model.kind() == Model.Kind.NETWORK) {
            String which = model.lds() != null ? "lds" : "hmm";
            out.add(Diagnostic.error(which, "\"" + which + "\" describes a model of kind " + which + "; the file needs \"kind\": \"" + which + "\""));
            return;
        }
        if (!model.groups().isEmpty() || !model.cells().isEmpty() || !model.connections().isEmpty()) {
            out.add(Diagnostic.error(kind, "a model of kind " + kind + " has no groups, cells or connections"));
        }
        if (model.kind() == Model.Kind.LDS) {
            if (model.hmm() != null) {
                out.add(Diagnostic.error("hmm", "a model of kind lds has no \"hmm\""));
            }
            if (model.lds() == null) {
                out.add(Diagnostic.error("lds", "a model of kind lds needs an \"lds\" object: its sizes (state, observation, input)"));
            } else {
                checkLds(model.lds(), out);
            }
        } else {
            if (model.lds() != null) {
                out.add(Diagnostic.error("lds", "a model of kind hmm has no \"lds\""));
            }
            if (model.hmm() == null) {
                out.add(Diagnostic.error("hmm", "a model of kind hmm needs an \"hmm\" object: its states and emission"));
            } else {
                checkHmm(model.hmm(), out);
            }
        }
    }

    private static void checkLds(LdsDescription d, List<Diagnostic> out) {
        size("lds", "state", d.state(), 1, out);
        size("lds", "observation", d.observation(), 1, out);
        size("lds", "input", d.input(), 0, out);
        if (Validator.hasErrors(out) || !checkParameters(d, "lds", out)) {
            return;
        }
        for (String name : List.of("Q", "R", "V0")) {
            double[][] m = d.parameters().get(name);
            if (m == null) {
                continue;
            }
            boolean diagonal = name.equals("Q") && d.stateNoise() == LdsDescription.Noise.DIAGONAL
                    || name.equals("R") && d.observationNoise() == LdsDescription.Noise.DIAGONAL;
            for (int i = 0; i < m.length; i++) {
                if (m[i][i] < 0) {
                    out.add(Diagnostic.error("lds." + name, "a covariance has no negative variance on its diagonal (row " + i + ")"));
                    return;
                }
                for (int j = 0; j < i; j++) {
                    if (Math.abs(m[i][j] - m[j][i]) > 1e-9 * (Math.abs(m[i][j]) + Math.abs(m[j][i]) + 1e-300)) {
                        out.add(Diagnostic.error("lds." + name, "a covariance is symmetric; [" + i + "][" + j + "] differs from [" + j + "][" + i + "]"));
                        return;
                    }
                    if (diagonal && m[i][j] != 0) {
                        out.add(Diagnostic.error("lds." + name, "this noise is diagonal: [" + i + "][" + j + "] must be 0"));
                        return;
                    }
                }
            }
        }
    }

    private static void checkHmm(HmmDescription d, List<Diagnostic> out) {
        size("hmm", "states", d.states(), 1, out);
        if (d.emission() == HmmDescription.Emission.CATEGORICAL) {
            size("hmm", "symbols", d.symbols(), 1, out);
        } else {
            size("hmm", "dimensions", d.dimensions(), 1, out);
        }
        if (!(d.pseudocount() >= 0) || Double.isInfinite(d.pseudocount())) {
            out.add(Diagnostic.error("hmm", "the pseudocount is a number of 0 or more, not " + d.pseudocount()));
        }
        if (!d.stateNames().isEmpty() && d.stateNames().size() != d.states()) {
            out.add(Diagnostic.error("hmm", d.stateNames().size() + " state names for " + d.states() + " states"));
        }
        if (!d.symbolNames().isEmpty() && (d.emission() != HmmDescription.Emission.CATEGORICAL || d.symbolNames().size() != d.symbols())) {
            out.add(Diagnostic.error("hmm", d.symbolNames().size() + " symbol names for " + (d.emission() == HmmDescription.Emission.CATEGORICAL
                    ? d.symbols() + " symbols" : "a Gaussian emission, which has no symbols")));
        }
        if (Validator.hasErrors(out) || !checkParameters(d, "hmm", out)) {
            return;
        }
        for (String name : List.of("pi", "A", "B")) {
            double[][] m = d.parameters().get(name);
            for (int i = 0; m != null && i < m.length; i++) {
                double sum = 0;
                for (double p : m[i]) {
                    if (p < 0) {
                        out.add(Diagnostic.error("hmm." + name, "a probability is not negative (row " + i + " has " + p + ")"));
                        return;
                    }
                    sum += p;
                }
                if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                    out.add(Diagnostic.error("hmm." + name, "row " + i + " holds probabilities that sum to " + Math.round(sum * 1e9) / 1e9 + ", not 1"));
                    return;
                }
            }
        }
        double[][] variances = d.parameters().get("variances");
        for (int i = 0; variances != null && i < variances.length; i++) {
            for (double v : variances[i]) {
                if (!(v > 0)) {
                    out.add(Diagnostic.error("hmm.variances", "a variance is above 0 (state " + i + " has " + v + ")"));
                    return;
                }
            }
        }
    }

    private static void size(String element, String name, int value, int min, List<Diagnostic> out) {
        if (value < min || value > Validator.MAX_GROUP_SIZE) {
            out.add(Diagnostic.error(element, "\"" + name + "\" is " + value + "; it is " + min + " to " + Validator.MAX_GROUP_SIZE));
        }
    }

    /** Names, fixed sets, the total size and every given shape; false when something is wrong. */
    private static boolean checkParameters(HiddenStateDescription d, String element, List<Diagnostic> out) {
        int before = out.size();
        long total = 0;
        for (String name : d.parameterNames()) {
            int[] shape = d.shape(name);
            total += (long) shape[0] * shape[1];
        }
        if (total > Validator.MAX_PARAMETERS) {
            out.add(Diagnostic.error(element, "these sizes need " + total + " parameters, more than the limit of " + Validator.MAX_PARAMETERS));
            return false;
        }
        for (String name : d.fixed()) {
            if (!d.parameterNames().contains(name)) {
                out.add(Diagnostic.error(element, "\"fixed\" names '" + name + "', which is not one of " + String.join(", ", d.parameterNames())));
            } else if (!d.parameters().containsKey(name) && d.shape(name)[0] * d.shape(name)[1] > 0) {
                out.add(Diagnostic.error(element + "." + name, "a fixed parameter set needs its values in \"parameters\""));
            }
        }
        for (Map.Entry<String, double[][]> e : d.parameters().entrySet()) {
            String name = e.getKey();
            String id = element + "." + name;
            if (!d.parameterNames().contains(name)) {
                out.add(Diagnostic.error(id, "'" + name + "' is not a parameter set of this model (" + String.join(", ", d.parameterNames()) + ")"));
                continue;
            }
            int[] shape = d.shape(name);
            double[][] m = e.getValue();
            if (m.length != shape[0] || m[0].length != shape[1]) {
                out.add(Diagnostic.error(id, "is " + m.length + "x" + m[0].length + ", but these sizes make it " + shape[0] + "x" + shape[1]));
                continue;
            }
            for (double[] row : m) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        out.add(Diagnostic.error(id, "holds " + v + ", not a finite number"));
                        return false;
                    }
                }
            }
        }
        return out.size() == before;
    }
}

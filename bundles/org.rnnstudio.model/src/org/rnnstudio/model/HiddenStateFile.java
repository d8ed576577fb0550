package org.rnnstudio.model;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Reads and writes the {@code "lds"} and {@code "hmm"} objects of a model file (see docs/model-format.md,
 * "Hidden-state models"). A parameter set is written as a list of rows; a vector (mu0, pi) as a flat list.
 */
final class HiddenStateFile {

    private HiddenStateFile() {
    }

    static void read(ModelFile.Fields top, Model model, List<Diagnostic> diagnostics) {
        JsonObject lds = top.object("lds");
        JsonObject hmm = top.object("hmm");
        if (lds != null) {
            model.setLds(readLds(lds, diagnostics));
        }
        if (hmm != null) {
            model.setHmm(readHmm(hmm, diagnostics));
        }
    }

    private static LdsDescription readLds(JsonObject json, List<Diagnostic> diagnostics) {
        ModelFile.Fields f = new ModelFile.Fields(json, "lds", "lds", diagnostics);
        f.allow("state", "observation", "input", "stateNoise", "observationNoise", "fixed", "parameters");
        LdsDescription d = new LdsDescription();
        d.setState(f.integer("state", d.state()));
        d.setObservation(f.integer("observation", d.observation()));
        d.setInput(f.integer("input", d.input()));
        d.setStateNoise(f.choice("stateNoise", LdsDescription.Noise.class, d.stateNoise()));
        d.setObservationNoise(f.choice("observationNoise", LdsDescription.Noise.class, d.observationNoise()));
        readCommon(json, f, d, "lds", diagnostics);
        return d;
    }

    private static HmmDescription readHmm(JsonObject json, List<Diagnostic> diagnostics) {
        ModelFile.Fields f = new ModelFile.Fields(json, "hmm", "hmm", diagnostics);
        f.allow("states", "emission", "symbols", "dimensions", "stateNames", "symbolNames", "pseudocount", "fixed", "parameters");
        HmmDescription d = new HmmDescription();
        d.setStates(f.integer("states", d.states()));
        d.setEmission(f.choice("emission", HmmDescription.Emission.class, d.emission()));
        d.setSymbols(f.integer("symbols", d.symbols()));
        d.setDimensions(f.integer("dimensions", d.dimensions()));
        d.setPseudocount(f.number("pseudocount", d.pseudocount()));
        d.stateNames().addAll(strings(json, "stateNames", "hmm", diagnostics));
        d.symbolNames().addAll(strings(json, "symbolNames", "hmm", diagnostics));
        readCommon(json, f, d, "hmm", diagnostics);
        return d;
    }

    private static void readCommon(JsonObject json, ModelFile.Fields f, HiddenStateDescription d, String element, List<Diagnostic> diagnostics) {
        d.fixed().addAll(strings(json, "fixed", element, diagnostics));
        JsonObject parameters = f.object("parameters");
        if (parameters == null) {
            return;
        }
        for (Map.Entry<String, JsonElement> e : parameters.entrySet()) {
            double[][] matrix = matrix(e.getValue());
            if (matrix == null) {
                diagnostics.add(Diagnostic.error(element + "." + e.getKey(), "a parameter set is a list of numbers or a list of equally long rows of numbers"));
            } else {
                d.parameters().put(e.getKey(), matrix);
            }
        }
    }

    private static List<String> strings(JsonObject json, String name, String element, List<Diagnostic> diagnostics) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (e.isJsonArray()) {
            List<String> list = new java.util.ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    list = null;
                    break;
                }
                list.add(item.getAsString());
            }
            if (list != null) {
                return list;
            }
        }
        diagnostics.add(Diagnostic.error(element, "\"" + name + "\" must be a list of strings, not " + e));
        return List.of();
    }

    /** A flat list of numbers is one row; a list of lists is rows. Null when it is neither. */
    private static double[][] matrix(JsonElement e) {
        if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            return null;
        }
        JsonArray array = e.getAsJsonArray();
        if (array.get(0).isJsonPrimitive()) {
            double[] row = row(array);
            return row == null ? null : new double[][] {row};
        }
        double[][] rows = new double[array.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = array.get(i).isJsonArray() ? row(array.get(i).getAsJsonArray()) : null;
            if (rows[i] == null || rows[i].length != rows[0].length) {
                return null;
            }
        }
        return rows;
    }

    private static double[] row(JsonArray array) {
        double[] row = new double[array.size()];
        for (int i = 0; i < row.length; i++) {
            JsonElement v = array.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                return null;
            }
            row[i] = v.getAsDouble();
        }
        return row;
    }

    static void write(Model model, JsonObject root) {
        if (model.lds() != null) {
            LdsDescription d = model.lds();
            JsonObject json = new JsonObject();
            json.addProperty("state", d.state());
            json.addProperty("observation", d.observation());
            json.addProperty("input", d.input());
            json.addProperty("stateNoise", ModelFile.fileName(d.stateNoise()));
            json.addProperty("observationNoise", ModelFile.fileName(d.observationNoise()));
            writeCommon(d, json);
            root.add("lds", json);
        }
        if (model.hmm() != null) {
            HmmDescription d = model.hmm();
            JsonObject json = new JsonObject();
            json.addProperty("states", d.states());
            json.addProperty("emission", ModelFile.fileName(d.emission()));
            if (d.emission() == HmmDescription.Emission.CATEGORICAL) {
                json.addProperty("symbols", d.symbols());
            } else {
                json.addProperty("dimensions", d.dimensions());
            }
            json.add("stateNames", strings(d.stateNames()));
            json.add("symbolNames", strings(d.symbolNames()));
            json.addProperty("pseudocount", d.pseudocount());
            writeCommon(d, json);
            root.add("hmm", json);
        }
    }

    private static void writeCommon(HiddenStateDescription d, JsonObject json) {
        json.add("fixed", strings(d.fixed()));
        JsonObject parameters = new JsonObject();
        for (Map.Entry<String, double[][]> e : d.parameters().entrySet()) {
            double[][] m = e.getValue();
            if (m.length == 1 && d.parameterNames().contains(e.getKey()) && d.shape(e.getKey())[0] == 1) {
                parameters.add(e.getKey(), numbers(m[0]));
            } else {
                JsonArray rows = new JsonArray();
                for (double[] r : m) {
                    rows.add(numbers(r));
                }
                parameters.add(e.getKey(), rows);
            }
        }
        json.add("parameters", parameters);
    }

    private static JsonArray strings(Iterable<String> values) {
        JsonArray array = new JsonArray();
        for (String v : values) {
            array.add(new JsonPrimitive(v));
        }
        return array;
    }

    private static JsonArray numbers(double[] values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(v);
        }
        return array;
    }
}

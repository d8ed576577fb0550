package org.rnnstudio.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.HiddenStateDescription;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Validator;

/**
 * The weights file of a hidden-state model: the same format as a network's ({@link WeightsFile#FORMAT}),
 * its parameter sets under their documented names (A, B, C, D, Q, R, mu0, V0 for an LDS; pi, A and B or
 * means and variances for an HMM), each {rows, cols, values} row-major. The structure is the model's kind
 * and sizes, written out: {@code lds:state=2,observation=1,input=0}, {@code hmm:states=2,categorical=6}.
 */
public final class HiddenStateWeights {

    private HiddenStateWeights() {
    }

    public static HiddenStateDescription description(Model model) {
        return model.kind() == Model.Kind.LDS ? model.lds() : model.hmm();
    }

    public static String structure(Model model) {
        if (model.kind() == Model.Kind.LDS) {
            return "lds:state=" + model.lds().state() + ",observation=" + model.lds().observation() + ",input=" + model.lds().input();
        }
        HmmDescription h = model.hmm();
        return "hmm:states=" + h.states() + "," + ModelFile.fileName(h.emission()) + "="
                + (h.emission() == HmmDescription.Emission.CATEGORICAL ? h.symbols() : h.dimensions());
    }

    public static String write(Model model, Map<String, double[][]> parameters) {
        JsonObject root = new JsonObject();
        root.addProperty("format", WeightsFile.FORMAT);
        root.addProperty("model", model.name());
        root.addProperty("structure", structure(model));
        JsonObject sets = new JsonObject();
        for (Map.Entry<String, double[][]> e : parameters.entrySet()) {
            double[][] m = e.getValue();
            JsonObject json = new JsonObject();
            json.addProperty("rows", m.length);
            json.addProperty("cols", m.length == 0 ? 0 : m[0].length);
            JsonArray values = new JsonArray();
            for (double[] row : m) {
                for (double v : row) {
                    values.add(v);
                }
            }
            json.add("values", values);
            sets.add(e.getKey(), json);
        }
        root.add("parameters", sets);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    public static void save(Model model, Map<String, double[][]> parameters, Path file) throws IOException {
        AtomicFiles.writeString(file, write(model, parameters));
    }

    /**
     * Every parameter set of the model from the file, checked as the model file's own values are (shapes,
     * probabilities summing to 1, symmetric covariances).
     */
    public static Map<String, double[][]> load(Model model, Path file) throws WeightsFile.WeightsException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WeightsFile.WeightsException("no weights file " + file);
        } catch (IOException e) {
            throw new WeightsFile.WeightsException("cannot read " + file + ": " + e.getMessage());
        }
        return read(model, text, file.toString());
    }

    public static Map<String, double[][]> read(Model model, String text, String source) throws WeightsFile.WeightsException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new WeightsFile.WeightsException(source + " is not a weights file (no JSON object)");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new WeightsFile.WeightsException(source + " is not valid JSON");
        }
        JsonElement format = root.get("format");
        if (format == null || !format.isJsonPrimitive() || !WeightsFile.FORMAT.equals(format.getAsString())) {
            throw new WeightsFile.WeightsException(source + " has format " + format + "; this RNN Studio reads " + WeightsFile.FORMAT);
        }
        JsonElement structure = root.get("structure");
        if (structure == null || !structure.isJsonPrimitive() || !structure(model).equals(structure.getAsString())) {
            throw new WeightsFile.WeightsException(source + " holds weights for " + structure + ", not for this model (" + structure(model)
                    + "): retrain, or use the model they were trained with");
        }
        JsonElement sets = root.get("parameters");
        if (sets == null || !sets.isJsonObject()) {
            throw new WeightsFile.WeightsException(source + " has no \"parameters\" object");
        }
        HiddenStateDescription d = description(model);
        Map<String, double[][]> parameters = new LinkedHashMap<>();
        for (String name : d.parameterNames()) {
            int[] shape = d.shape(name);
            JsonElement e = sets.getAsJsonObject().get(name);
            JsonElement values = e != null && e.isJsonObject() ? e.getAsJsonObject().get("values") : null;
            if (values == null || !values.isJsonArray() || values.getAsJsonArray().size() != shape[0] * shape[1]) {
                throw new WeightsFile.WeightsException(source + ": " + name + " should be " + shape[0] + "x" + shape[1] + " = " + shape[0] * shape[1] + " values");
            }
            double[][] m = new double[shape[0]][shape[1]];
            for (int i = 0; i < shape[0] * shape[1]; i++) {
                JsonElement v = values.getAsJsonArray().get(i);
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                    throw new WeightsFile.WeightsException(source + ": value " + i + " of " + name + " is " + v + ", not a number");
                }
                m[i / shape[1]][i % shape[1]] = v.getAsDouble();
            }
            parameters.put(name, m);
        }
        for (String name : sets.getAsJsonObject().keySet()) {
            if (!parameters.containsKey(name)) {
                throw new WeightsFile.WeightsException(source + " has weights for " + name + ", which this model does not have");
            }
        }
        check(model, d, parameters, source);
        return parameters;
    }

    /** The model file's checks on these values, by putting them in its place for a moment. */
    private static void check(Model model, HiddenStateDescription d, Map<String, double[][]> parameters, String source)
            throws WeightsFile.WeightsException {
        Map<String, double[][]> own = new LinkedHashMap<>(d.parameters());
        d.parameters().clear();
        d.parameters().putAll(parameters);
        List<Diagnostic> problems;
        try {
            problems = Validator.validate(model);
        } finally {
            d.parameters().clear();
            d.parameters().putAll(own);
        }
        for (Diagnostic p : problems) {
            if (p.isError()) {
                throw new WeightsFile.WeightsException(source + ": " + p.elementId() + " " + p.message());
            }
        }
    }
}

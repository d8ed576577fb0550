package org.rnnstudio.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.rnnstudio.model.AtomicFiles;

/**
 * Trained weights, in a JSON file beside the model: the structure hash of the model they belong to, and
 * every parameter set by its name with its shape and its values, row-major. Doubles are written in Java's
 * shortest round-trip form, so reading gives back the same bits. See docs/model-format.md.
 */
public final class WeightsFile {

    public static final String FORMAT = "rnnstudio-weights/1";

    /** The file cannot be used for this model; the message says why in a person's words. */
    public static final class WeightsException extends Exception {
        private static final long serialVersionUID = 1L;

        WeightsException(String message) {
            super(message);
        }
    }

    private WeightsFile() {
    }

    public static String write(Network network) {
        return write(network, null);
    }

    /** With a vocabulary (the characters of a text model, in input order), saved beside the weights. */
    public static String write(Network network, String vocabulary) {
        Plan plan = network.plan();
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("model", plan.model().name());
        root.addProperty("structure", plan.structureHash());
        if (vocabulary != null) {
            root.addProperty("vocabulary", vocabulary);
        }
        JsonObject parameters = new JsonObject();
        for (Plan.ParameterSet p : plan.parameters()) {
            JsonObject json = new JsonObject();
            json.addProperty("rows", p.rows());
            json.addProperty("cols", p.cols());
            JsonArray values = new JsonArray();
            for (double v : network.value(p).data) {
                values.add(v);
            }
            json.add("values", values);
            parameters.add(p.name(), json);
        }
        root.add("parameters", parameters);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    /** Writes through a temporary file and an atomic move: the file is the old one or the whole new one. */
    public static void save(Network network, Path file) throws IOException {
        AtomicFiles.writeString(file, write(network));
    }

    public static void save(Network network, Path file, String vocabulary) throws IOException {
        AtomicFiles.writeString(file, write(network, vocabulary));
    }

    /** The vocabulary saved with the weights, or null. */
    public static String vocabulary(Path file) throws IOException {
        JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        JsonElement v = root.isJsonObject() ? root.getAsJsonObject().get("vocabulary") : null;
        return v == null || !v.isJsonPrimitive() ? null : v.getAsString();
    }

    public static void load(Network network, Path file) throws IOException, WeightsException {
        read(network, Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Sets the network's parameters from the text, or changes nothing and says what does not fit. */
    public static void read(Network network, String text, String source) throws WeightsException {
        Plan plan = network.plan();
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new WeightsException(source + " is not a weights file (no JSON object)");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new WeightsException(source + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        String format = string(root, "format");
        if (!FORMAT.equals(format)) {
            throw new WeightsException(source + " has format " + format + "; this RNN Studio reads " + FORMAT);
        }
        String structure = string(root, "structure");
        if (!plan.structureHash().equals(structure)) {
            throw new WeightsException(source + " holds weights for another structure than this model's (the groups, sizes "
                    + "or connections changed since they were trained): retrain, or use the model they were trained with");
        }
        JsonElement parametersElement = root.get("parameters");
        if (parametersElement == null || !parametersElement.isJsonObject()) {
            throw new WeightsException(source + " has no \"parameters\" object");
        }
        JsonObject parameters = parametersElement.getAsJsonObject();
        double[][] values = new double[plan.parameters().size()][];
        Set<String> known = new HashSet<>();
        for (Plan.ParameterSet p : plan.parameters()) {
            known.add(p.name());
            JsonElement e = parameters.get(p.name());
            if (e == null || !e.isJsonObject()) {
                throw new WeightsException(source + " has no weights for " + p.name());
            }
            JsonObject json = e.getAsJsonObject();
            JsonElement array = json.get("values");
            if (json.has("rows") && json.get("rows").getAsInt() != p.rows() || json.has("cols") && json.get("cols").getAsInt() != p.cols()
                    || array == null || !array.isJsonArray() || array.getAsJsonArray().size() != p.size()) {
                throw new WeightsException(source + ": " + p.name() + " should be " + p.rows() + "x" + p.cols() + " = " + p.size() + " values");
            }
            values[p.index()] = new double[p.size()];
            for (int i = 0; i < p.size(); i++) {
                JsonElement v = array.getAsJsonArray().get(i);
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                    throw new WeightsException(source + ": value " + i + " of " + p.name() + " is " + v + ", not a number");
                }
                values[p.index()][i] = v.getAsDouble();
            }
        }
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new WeightsException(source + " has weights for " + name + ", which this model does not have");
            }
        }
        for (Plan.ParameterSet p : plan.parameters()) {
            System.arraycopy(values[p.index()], 0, network.value(p).data, 0, p.size());
        }
    }

    private static String string(JsonObject root, String name) {
        JsonElement e = root.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int cut = message.indexOf('\n');
        return cut < 0 ? message : message.substring(0, cut);
    }
}

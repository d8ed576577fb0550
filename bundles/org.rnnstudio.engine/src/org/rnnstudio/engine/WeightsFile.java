package org.rnnstudio.engine;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.JsonText;
import org.rnnstudio.model.Quoted;

/**
 * Trained weights, in a JSON file beside the model: the structure hash of the model they belong to, and
 * every parameter set by its name with its shape and its values, row-major. Doubles are written in Java's
 * shortest round-trip form, so reading gives back the same bits. Both directions stream, value by value:
 * a model at the parameter limit has weights of more than a gigabyte of text, which is never held whole.
 * Reading refuses what a double cannot hold (NaN, Infinity, 1e309) naming the parameter set. See
 * docs/model-format.md.
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

    /** Reading stopped on a problem; carried through the JSON reader's IOException-only callers. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
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
        StringWriter text = new StringWriter();
        try {
            write(network, vocabulary, text);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    /** Streams the weights as JSON text; refuses (IOException) a parameter that is not a finite number. */
    public static void write(Network network, String vocabulary, Writer out) throws IOException {
        Plan plan = network.plan();
        JsonWriter json = new JsonWriter(out);
        json.setIndent("  ");
        json.beginObject();
        json.name("format").value(FORMAT);
        json.name("model").value(plan.model().name());
        json.name("structure").value(plan.structureHash());
        if (vocabulary != null) {
            json.name("vocabulary").value(vocabulary);
        }
        json.name("parameters").beginObject();
        for (Plan.ParameterSet p : plan.parameters()) {
            json.name(p.name()).beginObject();
            json.name("rows").value(p.rows());
            json.name("cols").value(p.cols());
            json.name("values").beginArray();
            double[] values = network.value(p).data;
            for (int i = 0; i < p.size(); i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IOException("value " + i + " of " + p.name() + " is " + values[i] + ": weights that are not finite numbers are not saved");
                }
                json.value(values[i]);
            }
            json.endArray();
            json.endObject();
        }
        json.endObject();
        json.endObject();
        json.flush();
        out.write('\n');
        out.flush();
    }

    /** Writes through a temporary file and an atomic move: the file is the old one or the whole new one. */
    public static void save(Network network, Path file) throws IOException {
        save(network, file, null);
    }

    public static void save(Network network, Path file, String vocabulary) throws IOException {
        AtomicFiles.write(file, out -> write(network, vocabulary, new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /** The vocabulary saved with the weights, or null. */
    public static String vocabulary(Path file) throws IOException {
        try (JsonReader json = JsonText.reader(reader(Files.newInputStream(file)))) {
            json.beginObject();
            while (json.hasNext()) {
                String name = json.nextName();
                if (name.equals("vocabulary") && json.peek() == JsonToken.STRING) {
                    return json.nextString();
                }
                json.skipValue();
            }
            return null;
        } catch (IllegalStateException e) {
            throw new IOException("not a weights file");
        }
    }

    public static void load(Network network, Path file) throws IOException, WeightsException {
        try (InputStream in = Files.newInputStream(file)) {
            load(network, in, file.toString());
        }
    }

    /** From a stream of UTF-8 bytes (a byte order mark is skipped); source names it in messages. */
    public static void load(Network network, InputStream in, String source) throws IOException, WeightsException {
        read(network, reader(in), source);
    }

    /** UTF-8 text; a byte order mark is skipped. */
    private static Reader reader(InputStream in) throws IOException {
        BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
        bytes.mark(3);
        byte[] start = bytes.readNBytes(3);
        if (start.length < 3 || (start[0] & 0xff) != 0xEF || (start[1] & 0xff) != 0xBB || (start[2] & 0xff) != 0xBF) {
            bytes.reset();
        }
        return new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** Sets the network's parameters from the text, or changes nothing and says what does not fit. */
    public static void read(Network network, String text, String source) throws WeightsException {
        try {
            read(network, new StringReader(text), source);
        } catch (IOException e) {
            throw new WeightsException(source + ": " + e.getMessage());
        }
    }

    /**
     * Sets the network's parameters from a stream of weights text, or changes nothing and says what does not
     * fit. A value array is never read beyond the size the model expects.
     */
    public static void read(Network network, Reader in, String source) throws IOException, WeightsException {
        Plan plan = network.plan();
        Map<String, Plan.ParameterSet> byName = new HashMap<>();
        for (Plan.ParameterSet p : plan.parameters()) {
            byName.put(p.name(), p);
        }
        double[][] values = new double[plan.parameters().size()][];
        String[] top = new String[2];
        String problem = null;
        JsonReader json = JsonText.reader(in);
        try {
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw new WeightsException(source + " is not a weights file (no JSON object)");
            }
            json.beginObject();
            Set<String> keys = new HashSet<>();
            while (json.hasNext()) {
                String name = json.nextName();
                repeated(keys, name, json);
                switch (name) {
                case "format" -> top[0] = stringOrNull(json);
                case "structure" -> top[1] = stringOrNull(json);
                case "parameters" -> problem = parameters(json, byName, values, source);
                default -> json.skipValue();
                }
            }
            json.endObject();
            if (!JsonText.ended(json)) {
                throw new Refused("more text after the end of the weights");
            }
        } catch (CharacterCodingException e) {
            throw new WeightsException(source + " is not UTF-8 text: it is not a weights file RNN Studio wrote");
        } catch (Refused e) {
            throw new WeightsException(source + " " + JsonText.at(json, e.getMessage()).located());
        } catch (MalformedJsonException | EOFException | IllegalStateException | NumberFormatException e) {
            throw new WeightsException(source + " is not valid JSON: " + JsonText.translate(e, null).located());
        }
        if (!FORMAT.equals(top[0])) {
            throw new WeightsException(source + " has format " + (top[0] == null ? "none" : Quoted.of(top[0])) + "; this RNN Studio reads " + FORMAT);
        }
        if (!plan.structureHash().equals(top[1])) {
            throw new WeightsException(source + " holds weights for another structure than this model's (the groups, sizes "
                    + "or connections changed since they were trained): retrain, or use the model they were trained with");
        }
        if (problem != null) {
            throw new WeightsException(problem);
        }
        for (Plan.ParameterSet p : plan.parameters()) {
            if (values[p.index()] == null) {
                throw new WeightsException(source + " has no weights for " + p.name());
            }
        }
        for (Plan.ParameterSet p : plan.parameters()) {
            System.arraycopy(values[p.index()], 0, network.value(p).data, 0, p.size());
        }
    }

    private static void repeated(Set<String> keys, String name, JsonReader json) throws Refused {
        if (!keys.add(name)) {
            throw new Refused("the key " + Quoted.of(name).replace('\'', '"') + " appears twice in one object");
        }
    }

    private static String stringOrNull(JsonReader json) throws IOException {
        if (json.peek() == JsonToken.STRING) {
            return json.nextString();
        }
        json.skipValue();
        return null;
    }

    /** Reads the "parameters" object into values; returns the first problem with a parameter set, or null. */
    private static String parameters(JsonReader json, Map<String, Plan.ParameterSet> byName, double[][] values, String source) throws IOException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            json.skipValue();
            return source + " has no \"parameters\" object";
        }
        String problem = null;
        Set<String> keys = new HashSet<>();
        json.beginObject();
        while (json.hasNext()) {
            String name = json.nextName();
            repeated(keys, name, json);
            Plan.ParameterSet p = byName.get(name);
            if (p == null) {
                json.skipValue();
                problem = problem != null ? problem : source + " has weights for " + Quoted.of(name) + ", which this model does not have";
                continue;
            }
            String found = parameterSet(json, p, values, source);
            problem = problem != null ? problem : found;
        }
        json.endObject();
        return problem;
    }

    private static String parameterSet(JsonReader json, Plan.ParameterSet p, double[][] values, String source) throws IOException {
        String shape = source + ": " + p.name() + " should be " + p.rows() + "x" + p.cols() + " = " + p.size() + " values";
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            json.skipValue();
            return source + " has no weights for " + p.name();
        }
        String problem = null;
        boolean sawValues = false;
        Set<String> keys = new HashSet<>();
        json.beginObject();
        while (json.hasNext()) {
            String name = json.nextName();
            repeated(keys, name, json);
            switch (name) {
            case "rows", "cols" -> {
                String number = json.peek() == JsonToken.NUMBER ? json.nextString() : null;
                if (number == null) {
                    json.skipValue();
                }
                if (number == null || new BigDecimal(number).compareTo(BigDecimal.valueOf(name.equals("rows") ? p.rows() : p.cols())) != 0) {
                    problem = problem != null ? problem : shape;
                }
            }
            case "values" -> {
                sawValues = true;
                String found = values(json, p, values, shape);
                problem = problem != null ? problem : found;
            }
            default -> json.skipValue();
            }
        }
        json.endObject();
        return problem != null ? problem : sawValues ? null : shape;
    }

    private static String values(JsonReader json, Plan.ParameterSet p, double[][] values, String shape) throws IOException {
        if (json.peek() != JsonToken.BEGIN_ARRAY) {
            json.skipValue();
            return shape;
        }
        double[] v = new double[p.size()];
        json.beginArray();
        for (int i = 0;; i++) {
            JsonToken token;
            try {
                token = json.peek();
            } catch (MalformedJsonException e) {
                throw new Refused("value " + i + " of " + p.name() + " is not a number RNN Studio writes (NaN, Infinity and numbers of"
                        + " more than a thousand digits are refused)");
            }
            if (token == JsonToken.END_ARRAY) {
                if (i != v.length) {
                    json.endArray();
                    return shape;
                }
                break;
            }
            if (i == v.length) {
                // more values than the set holds: the rest is not read, the shape is wrong already
                throw new Refused(p.name() + " should be " + p.rows() + "x" + p.cols() + " = " + p.size() + " values, but there are more");
            }
            if (token != JsonToken.NUMBER) {
                throw new Refused("value " + i + " of " + p.name() + " is not a number");
            }
            String number = json.nextString();
            double x = Double.parseDouble(number);
            if (!Double.isFinite(x)) {
                throw new Refused("value " + i + " of " + p.name() + " is " + Quoted.of(number)
                        + ", beyond the range of a double (+-1.8e308); weights are finite numbers");
            }
            v[i] = x;
        }
        json.endArray();
        values[p.index()] = v;
        return null;
    }
}

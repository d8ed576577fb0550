package org.rnnstudio.engine;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;

import com.google.gson.stream.JsonWriter;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.AtomicFiles;

/**
 * The loss of trained weights on some data and its derivative with respect to every parameter set, in the
 * weights file's shape (names, shapes, row-major values), so that any tool can compare its gradients with the
 * engine's. See docs/model-format.md.
 */
public final class GradientFile {

    public static final String FORMAT = "rnnstudio-gradient/1";

    private GradientFile() {
    }

    /** {@code loss} is the mean loss per sequence; {@code gradients} its derivatives, one matrix per parameter set. */
    public static String write(Plan plan, String data, int sequences, double loss, DMatrixRMaj[] gradients) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setIndent("  ");
            json.beginObject();
            json.name("format").value(FORMAT);
            json.name("model").value(plan.model().name());
            json.name("structure").value(plan.structureHash());
            json.name("data").value(data);
            json.name("sequences").value(sequences);
            json.name("loss").value(loss);
            json.name("parameters").beginObject();
            for (Plan.ParameterSet p : plan.parameters()) {
                json.name(p.name()).beginObject();
                json.name("rows").value(p.rows());
                json.name("cols").value(p.cols());
                json.name("trainable").value(p.trainable());
                json.name("values").beginArray();
                for (double g : gradients[p.index()].data) {
                    json.value(g);
                }
                json.endArray();
                json.endObject();
            }
            json.endObject();
            json.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("a string cannot fail to be written", e);
        }
        return text + "\n";
    }

    public static void save(Path file, Plan plan, String data, int sequences, double loss, DMatrixRMaj[] gradients) throws IOException {
        AtomicFiles.writeString(file, write(plan, data, sequences, loss, gradients));
    }
}

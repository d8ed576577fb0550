package org.rnnstudio.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;

/**
 * One file that carries a model to another machine: a zip ({@code .rnnpack}) holding the model description
 * (which includes its training settings) as {@code model.rnn} and the trained weights (with a text model's
 * vocabulary) as {@code weights.json}, both exactly as RNN Studio writes them beside each other. Importing
 * writes the two files back, byte for byte.
 */
public final class PortableModel {

    public static final String EXTENSION = "rnnpack";
    static final String MODEL_ENTRY = "model.rnn";
    static final String WEIGHTS_ENTRY = "weights.json";

    /** What a portable model holds: the two files' texts. */
    public record Contents(String modelText, String weightsText) {
    }

    private PortableModel() {
    }

    public static byte[] write(TrainedModel trained) throws ExportException {
        return write(ModelFile.write(trained.model()), WeightsFile.write(trained.network(), trained.vocabulary()));
    }

    static byte[] write(String modelText, String weightsText) throws ExportException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            entry(zip, MODEL_ENTRY, modelText);
            entry(zip, WEIGHTS_ENTRY, weightsText);
        } catch (IOException e) {
            throw new ExportException("cannot build the portable model: " + e.getMessage());
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        ZipEntry e = new ZipEntry(name);
        // a fixed time: the same model gives the same bytes, whenever it is exported
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Reads a portable model and checks that its weights belong to its model; says what is wrong otherwise. */
    public static Contents read(Path file) throws ExportException {
        Map<String, String> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (ZipException e) {
            throw new ExportException(file + " is not a portable model (not a zip file: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ExportException("cannot read " + file + ": " + e.getMessage());
        }
        String model = entries.get(MODEL_ENTRY);
        String weights = entries.get(WEIGHTS_ENTRY);
        if (model == null || weights == null) {
            throw new ExportException(file + " is not a portable model: it has no " + (model == null ? MODEL_ENTRY : WEIGHTS_ENTRY));
        }
        // the same checks as opening the two files: a valid model, and weights of its structure
        String name = file.getFileName() + "!" + MODEL_ENTRY;
        Model m = TrainedModel.valid(ModelFile.read(model), name);
        try {
            WeightsFile.read(new Network(Plan.compile(m)), weights, file.getFileName() + "!" + WEIGHTS_ENTRY);
        } catch (InvalidModelException e) {
            throw new ExportException(name + ": " + e.getMessage());
        } catch (WeightsFile.WeightsException e) {
            throw new ExportException(e.getMessage());
        }
        return new Contents(model, weights);
    }

    /**
     * Writes the model and its weights into a folder as {@code BASE.rnn} and {@code BASE.weights.json}, each
     * atomically; returns the model file.
     */
    public static Path importInto(Path file, Path folder, String base) throws ExportException {
        Contents c = read(file);
        Path model = folder.resolve(base + ".rnn");
        try {
            AtomicFiles.writeString(model, c.modelText());
            AtomicFiles.writeString(TrainedModel.weightsBeside(model), c.weightsText());
        } catch (IOException e) {
            throw new ExportException("cannot write into " + folder + ": " + e.getMessage());
        }
        return model;
    }

    /** The base name a portable model imports as: its file name without its extension (adder.rnnpack: adder). */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

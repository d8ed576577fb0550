package org.rnnstudio.export;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Quoted;
import org.rnnstudio.model.TextFiles;

/**
 * One file that carries a model to another machine: a zip ({@code .rnnpack}) holding the model description
 * (which includes its training settings) as {@code model.rnn} and the trained weights (with a text model's
 * vocabulary) as {@code weights.json}, both exactly as RNN Studio writes them beside each other. Importing
 * writes the two files back, byte for byte. A pack comes from elsewhere, so importing trusts none of its
 * sizes: each entry is read within a limit, other entries are not read at all, and a name used twice is
 * refused (docs/export.md).
 */
public final class PortableModel {

    public static final String EXTENSION = "rnnpack";
    static final String MODEL_ENTRY = "model.rnn";
    static final String WEIGHTS_ENTRY = "weights.json";

    /** A model file larger than this is refused on disk too (see {@link TextFiles#MAX_MODEL_FILE}). */
    public static final long MAX_MODEL_ENTRY = TextFiles.MAX_MODEL_FILE;
    /** A weights value as RNN Studio writes it: at most 24 characters of number, an indent, a comma and a newline. */
    static final long BYTES_PER_PARAMETER = 40;
    /** A vocabulary character escaped in JSON (a backslash, u and four hex digits) takes 6. */
    static final long BYTES_PER_UNIT = 8;
    /** Names, shapes and the structure hash. */
    static final long WEIGHTS_OVERHEAD = 1L << 20;
    /** A pack has two entries; a few more (a README someone added) are ignored, thousands are not a pack. */
    static final int MAX_ENTRIES = 100;

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

    /**
     * Writes the model and its weights into a folder as {@code BASE.rnn} and {@code BASE.weights.json}, each
     * atomically, after checking that the model is valid and the weights are its own; returns the model file.
     * Existing files are replaced only when replace is true. See {@link #MAX_MODEL_ENTRY} and
     * {@link #weightsLimit(Plan)} for what is read of a pack; other entries are never read.
     */
    public static Path importInto(Path file, Path folder, String base, boolean replace) throws ExportException {
        Path model = folder.resolve(base + ".rnn");
        Path weights = TrainedModel.weightsBeside(model);
        if (!replace && (Files.exists(model) || Files.exists(weights))) {
            throw new ExportException((Files.exists(model) ? model : weights) + " exists; import again with --force to replace the model and its weights");
        }
        try (ZipFile zip = open(file)) {
            ZipEntry modelEntry = zip.getEntry(MODEL_ENTRY);
            ZipEntry weightsEntry = zip.getEntry(WEIGHTS_ENTRY);
            String modelName = file.getFileName() + "!" + MODEL_ENTRY;
            String text = TextFiles.decode(bounded(zip, modelEntry, MAX_MODEL_ENTRY, file).readAllBytes(), Path.of(modelName));
            // the same checks as opening the two files: a valid model, and weights of its structure
            Model m = TrainedModel.valid(ModelFile.read(text), modelName);
            Network network = new Network(compile(m, modelName));
            String weightsName = file.getFileName() + "!" + WEIGHTS_ENTRY;
            try {
                AtomicFiles.write(weights, out -> {
                    // what the weights reader reads is copied into the file, so the file is the entry byte for byte
                    InputStream copied = new TeeInputStream(bounded(zip, weightsEntry, weightsLimit(network.plan()), file), out);
                    try {
                        WeightsFile.load(network, copied, weightsName);
                    } catch (WeightsFile.WeightsException e) {
                        throw new Refused(e.getMessage());
                    }
                    copied.transferTo(OutputStream.nullOutputStream());
                });
                AtomicFiles.writeString(model, text.startsWith("\ufeff") ? text.substring(1) : text);
            } catch (Refused e) {
                throw new ExportException(e.getMessage());
            }
        } catch (Refused e) {
            throw new ExportException(e.getMessage());
        } catch (IOException e) {
            throw new ExportException("cannot import " + file + " into " + folder + ": " + e.getMessage());
        }
        return model;
    }

    /** At most this many bytes of a pack's weights: every value as RNN Studio writes it, and a vocabulary of up to a character per unit. */
    public static long weightsLimit(Plan plan) {
        long parameters = plan.parameters().stream().mapToLong(Plan.ParameterSet::size).sum();
        long units = plan.groups().stream().mapToLong(g -> g.size()).sum();
        return BYTES_PER_PARAMETER * parameters + BYTES_PER_UNIT * units + WEIGHTS_OVERHEAD;
    }

    private static Plan compile(Model m, String name) throws ExportException {
        try {
            return Plan.compile(m);
        } catch (InvalidModelException e) {
            throw new ExportException(name + ": " + e.getMessage());
        }
    }

    /** The pack as a zip whose directory names each entry once, with a model and weights among them. */
    private static ZipFile open(Path file) throws ExportException, IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new ExportException(file + " is not a portable model (not a zip file)");
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ExportException("no portable model " + file);
        }
        try {
            if (zip.size() > MAX_ENTRIES) {
                throw new ExportException(file + " has " + zip.size() + " entries; a portable model has " + MODEL_ENTRY + " and " + WEIGHTS_ENTRY);
            }
            Set<String> names = new HashSet<>();
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (!names.add(e.getName())) {
                    throw new ExportException(file + " has two entries named " + Quoted.of(e.getName()) + "; a portable model has each once");
                }
            }
            for (String needed : new String[] {MODEL_ENTRY, WEIGHTS_ENTRY}) {
                if (!names.contains(needed)) {
                    throw new ExportException(file + " is not a portable model: it has no " + needed);
                }
            }
            return zip;
        } catch (ExportException e) {
            zip.close();
            throw e;
        }
    }

    /** An entry's bytes, refused once more than limit of them come out (a zip's declared sizes can lie). */
    private static InputStream bounded(ZipFile zip, ZipEntry entry, long limit, Path file) throws IOException {
        String refusal = file.getFileName() + "!" + entry.getName() + " expands to more than " + TextFiles.megabytes(limit)
                + ", more than this model's " + entry.getName() + " can be";
        if (entry.getSize() > limit) {
            throw new Refused(refusal);
        }
        InputStream in = zip.getInputStream(entry);
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) throws Refused {
                count += n;
                if (count > limit) {
                    throw new Refused(refusal);
                }
            }
        };
    }

    /** A refusal while reading an entry, carried through the IOException-only stream code. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Copies what is read into another stream. */
    private static final class TeeInputStream extends FilterInputStream {
        private final OutputStream copy;

        TeeInputStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }
    }

    /** The base name a portable model imports as: its file name without its extension (adder.rnnpack: adder). */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

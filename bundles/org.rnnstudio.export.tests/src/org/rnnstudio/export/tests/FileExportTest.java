package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.NumpyWeights;
import org.rnnstudio.export.PortableModel;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.ModelFile;


/** The portable model and the NumPy weights: what is in the files, read back without RNN Studio's help. */
class FileExportTest {

    @TempDir
    Path dir;

    private Path adderWithWeights() throws Exception {
        return TestModels.trainedAdder(dir);
    }

    @Test
    void thePortableModelImportsAgainByteForByte() throws Exception {
        Path model = adderWithWeights();
        TrainedModel trained = TrainedModel.load(model, null);
        Path pack = dir.resolve("adder.rnnpack");
        Files.write(pack, PortableModel.write(trained));
        assertArrayEquals(Files.readAllBytes(pack), PortableModel.write(TrainedModel.load(model, null)), "the same model gives the same bytes");

        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path imported = PortableModel.importInto(pack, elsewhere, PortableModel.baseName(pack), false);
        assertEquals(elsewhere.resolve("adder.rnn"), imported);
        // the example is in canonical form, so the imported description is the very file, training settings included
        assertEquals(Files.readString(model), Files.readString(imported));
        assertEquals(Files.readString(TrainedModel.weightsBeside(model)), Files.readString(TrainedModel.weightsBeside(imported)));
        TrainedModel again = TrainedModel.load(imported, null);
        for (Plan.ParameterSet p : trained.plan().parameters()) {
            assertArrayEquals(trained.network().copyOf(p), again.network().copyOf(p), p.name());
        }
        assertEquals(trained.model().training().learningRate, again.model().training().learningRate);
    }

    @Test
    void aTextModelsVocabularyTravelsWithIt() throws Exception {
        TrainedModel lstm = TestModels.withRandomWeights(TestModels.cell(Cell.Kind.LSTM), 2);
        Path model = dir.resolve("lm.rnn");
        Files.writeString(model, ModelFile.write(lstm.model()));
        WeightsFile.save(lstm.network(), TrainedModel.weightsBeside(model), "abc");
        Path pack = dir.resolve("lm.rnnpack");
        Files.write(pack, PortableModel.write(TrainedModel.load(model, null)));
        Path imported = PortableModel.importInto(pack, Files.createDirectory(dir.resolve("in")), "lm", false);
        assertEquals("abc", WeightsFile.vocabulary(TrainedModel.weightsBeside(imported)));
    }

    @Test
    void aBrokenPortableModelIsRefusedAndNothingIsWritten() throws Exception {
        Path notZip = dir.resolve("broken.rnnpack");
        Files.writeString(notZip, "not a zip");
        Path target = Files.createDirectory(dir.resolve("target"));
        ExportException e = assertThrows(ExportException.class, () -> PortableModel.importInto(notZip, target, "broken", false));
        assertTrue(e.getMessage().contains("is not a portable model"), e.getMessage());

        // weights of another structure inside: refused with the weights file's message, nothing written
        Path model = TestModels.examples().resolve("binary-adder/binary-adder.rnn");
        TrainedModel lstm = TestModels.withRandomWeights(TestModels.cell(Cell.Kind.LSTM), 2);
        Path mixed = dir.resolve("mixed.rnnpack");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(mixed))) {
            zip.putNextEntry(new ZipEntry("model.rnn"));
            zip.write(Files.readAllBytes(model));
            zip.putNextEntry(new ZipEntry("weights.json"));
            zip.write(WeightsFile.write(lstm.network()).getBytes(StandardCharsets.UTF_8));
        }
        e = assertThrows(ExportException.class, () -> PortableModel.importInto(mixed, target, "mixed", false));
        assertTrue(e.getMessage().contains("mixed.rnnpack!weights.json holds weights for another structure"), e.getMessage());
        try (var files = Files.list(target)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anUntrainedModelWarns() throws Exception {
        Path model = dir.resolve("lonely.rnn");
        Files.copy(TestModels.examples().resolve("binary-adder/binary-adder.rnn"), model);
        TrainedModel untrained = TrainedModel.load(model, null);
        assertFalse(untrained.isTrained());
        assertEquals(1, untrained.warnings().size());
        assertTrue(untrained.warnings().get(0).startsWith("the model is untrained (lonely.weights.json not found)"), untrained.warnings().get(0));
        ExportException e = assertThrows(ExportException.class, () -> TrainedModel.load(model, dir.resolve("missing.json")));
        assertEquals("no weights file " + dir.resolve("missing.json"), e.getMessage());
    }

    /** The .npy files, parsed here from NumPy's documented format: name -> (shape, values). */
    private static Map<String, Object[]> readNpz(byte[] npz) throws Exception {
        Map<String, Object[]> arrays = new LinkedHashMap<>();
        Pattern header = Pattern.compile("\\{'descr': '<f8', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\} *\n");
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                ByteBuffer b = ByteBuffer.wrap(zip.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals((byte) 0x93, b.get());
                byte[] magic = new byte[5];
                b.get(magic);
                assertEquals("NUMPY", new String(magic, StandardCharsets.US_ASCII));
                assertEquals(1, b.get());
                assertEquals(0, b.get());
                int length = b.getShort();
                assertEquals(0, (10 + length) % 64, "the data start 64-byte aligned");
                byte[] text = new byte[length];
                b.get(text);
                Matcher m = header.matcher(new String(text, StandardCharsets.US_ASCII));
                assertTrue(m.matches(), new String(text, StandardCharsets.US_ASCII));
                List<Integer> shape = new ArrayList<>();
                for (String d : m.group(1).split(",")) {
                    if (!d.isBlank()) {
                        shape.add(Integer.parseInt(d.trim()));
                    }
                }
                double[] values = new double[b.remaining() / 8];
                b.asDoubleBuffer().get(values);
                assertTrue(e.getName().endsWith(".npy"));
                arrays.put(e.getName().substring(0, e.getName().length() - 4), new Object[] {shape, values});
            }
        }
        return arrays;
    }

    @Test
    void theNpzHoldsEveryParameterSetWithItsShape() throws Exception {
        TrainedModel adder = TrainedModel.load(adderWithWeights(), null);
        Map<String, Object[]> arrays = readNpz(NumpyWeights.write(adder));
        // the documented names: connection:ID, bias:GROUP, initial:GROUP (the adder learns its hidden initial state)
        assertEquals(java.util.Set.of("connection:input-hidden", "connection:hidden-hidden", "connection:hidden-output", "bias:hidden",
                "bias:output", "initial:hidden"), arrays.keySet());
        for (Plan.ParameterSet p : adder.plan().parameters()) {
            Object[] a = arrays.get(p.name());
            assertEquals(List.of(p.rows(), p.cols()), a[0], p.name());
            assertArrayEquals(adder.network().copyOf(p), (double[]) a[1], p.name());
        }
        assertEquals(adder.plan().parameters().size(), arrays.size(), "no cells, so no PyTorch arrays");
    }

    /** PyTorch's arrays in the .npz are PyTorch's own weights again (the biases as their sum, b_hn apart). */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh"})
    void theNpzHasPyTorchsLayoutForCells(String kind) throws Exception {
        TorchWeights torch = TorchWeights.load(kind);
        Network network = torch.network();
        Map<String, Object[]> arrays = readNpz(NumpyWeights.write(TrainedModel.of(torch.model(), kind, network, null, true)));
        int gates = torch.gates().size();
        int h = torch.hidden();
        int in = torch.inputs();
        assertEquals(List.of(gates * h, in), arrays.get("c.weight_ih_l0")[0]);
        assertEquals(List.of(gates * h, h), arrays.get("c.weight_hh_l0")[0]);
        assertEquals(List.of(gates * h), arrays.get("c.bias_ih_l0")[0]);
        double[] wih = (double[]) arrays.get("c.weight_ih_l0")[1];
        double[] whh = (double[]) arrays.get("c.weight_hh_l0")[1];
        double[] bih = (double[]) arrays.get("c.bias_ih_l0")[1];
        double[] bhh = (double[]) arrays.get("c.bias_hh_l0")[1];
        for (int r = 0; r < gates * h; r++) {
            for (int i = 0; i < in; i++) {
                assertEquals(torch.weight("weight_ih_l0", r, i), wih[r * in + i], "weight_ih_l0[" + r + "][" + i + "]");
            }
            for (int i = 0; i < h; i++) {
                assertEquals(torch.weight("weight_hh_l0", r, i), whh[r * h + i], "weight_hh_l0[" + r + "][" + i + "]");
            }
            boolean newGate = kind.equals("gru") && r >= 2 * h;
            if (newGate) {
                assertEquals(torch.weight("bias_ih_l0", r), bih[r], 1e-15);
                assertEquals(torch.weight("bias_hh_l0", r), bhh[r], 1e-15);
            } else {
                assertEquals(torch.weight("bias_ih_l0", r) + torch.weight("bias_hh_l0", r), bih[r] + bhh[r], 1e-15);
            }
        }
    }

    @Test
    void numpyLoadsTheNpz() throws Exception {
        Assumptions.assumeTrue(Python.has("numpy"), "/usr/bin/python3 has no NumPy here (.ci/run installs it)");
        TrainedModel lstm = TestModels.withRandomWeights(TestModels.cell(Cell.Kind.LSTM), 2);
        Path npz = dir.resolve("lstm.npz");
        Files.write(npz, NumpyWeights.write(lstm));
        Path listing = dir.resolve("listing.txt");
        assertEquals(0, Python.run("import numpy, sys\nz = numpy.load(sys.argv[1])\nwith open(sys.argv[2], 'w') as f:\n"
                + "    for k in z.files: f.write('%s %s %s %r\\n' % (k, z[k].shape, z[k].dtype, float(z[k].sum())))\n", npz.toString(), listing.toString()));
        List<String> lines = Files.readAllLines(listing);
        List<NumpyWeights.Array> arrays = NumpyWeights.arrays(lstm);
        assertEquals(arrays.size(), lines.size());
        for (int i = 0; i < arrays.size(); i++) {
            NumpyWeights.Array a = arrays.get(i);
            String shape = a.shape().length == 1 ? "(" + a.shape()[0] + ",)" : "(" + a.shape()[0] + ", " + a.shape()[1] + ")";
            String[] words = lines.get(i).split(" (?=[(]|float64)|(?<=float64) ");
            assertEquals(a.name(), words[0]);
            assertEquals(shape, words[1]);
            assertEquals("float64", words[2]);
            assertEquals(java.util.Arrays.stream(a.values()).sum(), Double.parseDouble(words[3]), 1e-12, a.name());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("c.weight_ih_l0 (20, 3) float64")), lines.toString());
    }
}

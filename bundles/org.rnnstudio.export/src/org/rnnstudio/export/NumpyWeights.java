package org.rnnstudio.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;

/**
 * The weights as a NumPy {@code .npz}: a zip of {@code .npy} files, float64, C order. Every parameter set
 * under its own name with its shape (rows x cols, as in docs/model-format.md), and for each cell that PyTorch
 * has a layer for, the same numbers again in PyTorch's layout as {@code CELL.weight_ih_l0},
 * {@code CELL.weight_hh_l0}, {@code CELL.bias_ih_l0} and {@code CELL.bias_hh_l0}, so that
 * {@code nn.LSTM/GRU/RNN.load_state_dict} takes them. The .npy header is NumPy's documented format 1.0; it
 * is a dozen bytes, not worth a dependency (the one Java library for it brings the Kotlin runtime).
 */
public final class NumpyWeights {

    /** One array: its name in the .npz (without .npy), shape and values in C order. */
    public record Array(String name, int[] shape, double[] values) {
    }

    private NumpyWeights() {
    }

    public static byte[] write(TrainedModel trained) throws ExportException {
        return write(arrays(trained));
    }

    /** An .npz of these arrays, each NAME.npy, float64, in this order. */
    public static byte[] write(List<Array> arrays) throws ExportException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Array a : arrays) {
                ZipEntry e = new ZipEntry(a.name() + ".npy");
                e.setTime(0);
                zip.putNextEntry(e);
                zip.write(npy(a.shape(), a.values()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new ExportException("cannot build the .npz: " + e.getMessage());
        }
        return bytes.toByteArray();
    }

    /** The arrays the .npz holds, in its order. */
    public static List<Array> arrays(TrainedModel trained) {
        Network network = trained.network();
        List<Array> arrays = new ArrayList<>();
        for (Plan.ParameterSet p : trained.plan().parameters()) {
            arrays.add(new Array(p.name(), new int[] {p.rows(), p.cols()}, network.copyOf(p)));
        }
        for (Cell cell : trained.model().cells()) {
            arrays.addAll(torchLayout(trained.model(), trained.plan(), network, cell));
        }
        return arrays;
    }

    /**
     * PyTorch's four arrays for a cell fed by exactly one full connection and without peepholes (PyTorch's
     * layers have one input and no peepholes; other cells are in the .npz under their parameter-set names
     * only). The mapping is docs/model-format.md's "Moving weights to and from PyTorch".
     */
    static List<Array> torchLayout(Model model, Plan plan, Network network, Cell cell) {
        List<Connection> into = new ArrayList<>();
        for (Connection c : model.connections()) {
            if (c.to().equals(cell.id())) {
                into.add(c);
            }
        }
        if (into.size() != 1 || into.get(0).kind() != Connection.Kind.FULL || into.get(0).delay() != 0 || cell.peepholes()) {
            return List.of();
        }
        String in = into.get(0).id();
        String c = cell.id();
        List<String> gates = torchGateOrder(cell.kind());
        int h = cell.size();
        Map<String, Plan.Wire> wires = wiresById(plan);
        int inputs = wires.get(in + "." + gates.get(0)).weights().rows();
        double[] wih = new double[gates.size() * h * inputs];
        double[] whh = new double[gates.size() * h * h];
        double[] bih = new double[gates.size() * h];
        double[] bhh = new double[gates.size() * h];
        for (int k = 0; k < gates.size(); k++) {
            String gate = gates.get(k);
            // the GRU's new gate reads h' through hn (so that the reset gate can scale it)
            String hiddenGroup = cell.kind() == Cell.Kind.GRU && gate.equals("new") ? "hn" : gate;
            String recurrent = cell.kind() == Cell.Kind.ELMAN ? c + ".recurrent" : c + ".recurrent." + gate;
            transposeInto(network.copyOf(wires.get(in + "." + gate).weights()), inputs, h, wih, k * h);
            transposeInto(network.copyOf(wires.get(recurrent).weights()), h, h, whh, k * h);
            System.arraycopy(network.copyOf(plan.bias(plan.groupIndex(c + "." + gate))), 0, bih, k * h, h);
            if (!hiddenGroup.equals(gate)) {
                System.arraycopy(network.copyOf(plan.bias(plan.groupIndex(c + "." + hiddenGroup))), 0, bhh, k * h, h);
            }
        }
        return List.of(new Array(c + ".weight_ih_l0", new int[] {gates.size() * h, inputs}, wih),
                new Array(c + ".weight_hh_l0", new int[] {gates.size() * h, h}, whh),
                new Array(c + ".bias_ih_l0", new int[] {gates.size() * h}, bih),
                new Array(c + ".bias_hh_l0", new int[] {gates.size() * h}, bhh));
    }

    /** PyTorch's gate blocks in order, by the parts' names here. */
    static List<String> torchGateOrder(Cell.Kind kind) {
        switch (kind) {
        case LSTM:
            return List.of("write", "keep", "candidate", "read");
        case GRU:
            return List.of("reset", "update", "new");
        case ELMAN:
            return List.of("h");
        default:
            throw new IllegalStateException(kind.name());
        }
    }

    private static Map<String, Plan.Wire> wiresById(Plan plan) {
        Map<String, Plan.Wire> wires = new LinkedHashMap<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                wires.put(w.connection().id(), w);
            }
        }
        return wires;
    }

    /** Ours is from x to (row i, column j); PyTorch's block is to x from, starting at row {@code rowOffset}. */
    private static void transposeInto(double[] ours, int from, int to, double[] torch, int rowOffset) {
        for (int i = 0; i < from; i++) {
            for (int j = 0; j < to; j++) {
                torch[(rowOffset + j) * from + i] = ours[i * to + j];
            }
        }
    }

    /** One .npy file, format 1.0: magic, header length, a Python dict literal padded to 64 bytes, the data. */
    static byte[] npy(int[] shape, double[] values) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = String.format(Locale.ROOT, "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }", tuple);
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}

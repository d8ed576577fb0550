package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The expanded LSTM, GRU and Elman cells against PyTorch's nn.LSTM / nn.GRU / nn.RNN, computed by PyTorch in
 * float64 (resources/torch-reference, copied from the project's conformance data): PyTorch's weights go in
 * through the mapping documented in docs/model-format.md, and every output, the final states, the loss and
 * the gradient of every weight, input and initial state must agree to 1e-10.
 */
class TorchConformanceTest {

    private static final double TOLERANCE = 1e-10;

    private static JsonObject reference(String name) throws Exception {
        try (InputStream in = TorchConformanceTest.class.getResourceAsStream("/torch-reference/" + name + ".json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** x (I) -> cell c (H) -> y = h (identity into a linear output), y's targets set so that dE/dy is the loss's coefficients. */
    private static Model model(String kind, int inputs, int hidden) {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, inputs));
        Cell cell = new Cell("c", kind.equals("lstm") ? Cell.Kind.LSTM : kind.equals("gru") ? Cell.Kind.GRU : Cell.Kind.ELMAN, hidden);
        cell.setActivation(kind.equals("rnn_relu") ? Activation.RELU : Activation.TANH);
        cell.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        m.cells().add(cell);
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, hidden));
        y.setActivation(Activation.LINEAR);
        y.setBias(false);
        m.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("c-y", "c", "y", Connection.Kind.IDENTITY, 0));
        return m;
    }

    /** Our gates in PyTorch's order: LSTM i, f, g, o; GRU r, z, n; RNN one. */
    private static List<String> gates(String kind) {
        switch (kind) {
        case "lstm":
            return List.of("write", "keep", "candidate", "read");
        case "gru":
            return List.of("reset", "update", "new");
        default:
            return List.of("h");
        }
    }

    private static String recurrent(String kind, String gate) {
        return kind.startsWith("rnn") ? "connection:c.recurrent" : "connection:c.recurrent." + gate;
    }

    private static double at(JsonElement e, int... index) {
        for (int i : index) {
            e = e.getAsJsonArray().get(i);
        }
        return e.getAsDouble();
    }

    private static Plan.ParameterSet set(Plan plan, String name) {
        return plan.parameters().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter set " + name + " in " + plan.parameters()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void expandedCellMatchesPyTorch(String kind) throws Exception {
        JsonObject ref = reference(kind);
        JsonObject shapes = ref.getAsJsonObject("shapes");
        int in = shapes.get("input").getAsInt();
        int h = shapes.get("hidden").getAsInt();
        int steps = shapes.get("steps").getAsInt();
        int batch = shapes.get("batch").getAsInt();
        JsonObject w = ref.getAsJsonObject("weights");
        JsonObject gw = ref.getAsJsonObject("grad_weights");
        List<String> gates = gates(kind);
        Plan plan = Plan.compile(model(kind, in, h));
        Network network = new Network(plan);

        // PyTorch's weights through the documented mapping: W_ih rows of gate k are the columns of x -> c.GATE
        for (int k = 0; k < gates.size(); k++) {
            String gate = gates.get(k);
            DMatrixRMaj input = network.value(set(plan, "connection:x-c." + gate));
            DMatrixRMaj rec = network.value(set(plan, recurrent(kind, gate)));
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < in; i++) {
                    input.set(i, j, at(w.get("weight_ih_l0"), k * h + j, i));
                }
                for (int i = 0; i < h; i++) {
                    rec.set(i, j, at(w.get("weight_hh_l0"), k * h + j, i));
                }
            }
            for (int j = 0; j < h; j++) {
                double bih = at(w.get("bias_ih_l0"), k * h + j);
                double bhh = at(w.get("bias_hh_l0"), k * h + j);
                if (kind.equals("gru") && gate.equals("new")) {
                    // GRU's new gate keeps the two biases apart: b_hn sits inside the reset gate's product
                    network.value(set(plan, "bias:c.new")).data[j] = bih;
                    network.value(set(plan, "bias:c.hn")).data[j] = bhh;
                } else {
                    network.value(set(plan, "bias:c." + gate)).data[j] = bih + bhh;
                }
            }
        }

        DMatrixRMaj[] gradients = network.zerosLike();
        double loss = 0;
        int x = plan.groupIndex("x");
        int y = plan.groupIndex("y");
        int cellState = kind.equals("lstm") ? plan.groupIndex("c.cell") : -1;
        // PyTorch gives each sequence its own initial state; here one learned initial state per run of one sequence
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < h; j++) {
                network.value(set(plan, "initial:c.h")).data[j] = at(ref.get("h0"), b, j);
                if (kind.equals("lstm")) {
                    network.value(set(plan, "initial:c.cell")).data[j] = at(ref.get("c0"), b, j);
                }
            }
            Batch data = new Batch(plan, 1, steps);
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < in; i++) {
                    data.input(x, t).data[i] = at(ref.get("x"), t, b, i);
                }
            }
            Pass pass = new Pass(plan, 1, steps, true);
            pass.forward(network, data);
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < h; j++) {
                    double out = pass.output(y, t).data[j];
                    assertEquals(at(ref.get("outputs"), t, b, j), out, TOLERANCE, kind + " output t=" + t + " b=" + b + " j=" + j);
                    double coefficient = at(ref.get("loss_coefficients"), t, b, j);
                    loss += out * coefficient;
                    // squared error with target y - c has dE/dy = c, the derivative of L = sum y c
                    data.target(y, t).data[j] = out - coefficient;
                }
            }
            for (int j = 0; j < h; j++) {
                assertEquals(at(ref.get("h_final"), b, j), pass.output(y, steps - 1).data[j], TOLERANCE, "final h");
                if (cellState >= 0) {
                    assertEquals(at(ref.get("c_final"), b, j), pass.output(cellState, steps - 1).data[j], TOLERANCE, "final cell");
                }
            }
            DMatrixRMaj[] run = network.zerosLike();
            pass.forward(network, data);
            pass.backward(network, data, run, 0);
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < in; i++) {
                    assertEquals(at(ref.get("grad_x"), t, b, i), pass.outputGradient(x, t).data[i], TOLERANCE, "dL/dx t=" + t);
                }
            }
            for (int j = 0; j < h; j++) {
                assertEquals(at(ref.get("grad_h0"), b, j), run[set(plan, "initial:c.h").index()].data[j], TOLERANCE, "dL/dh0");
                if (kind.equals("lstm")) {
                    assertEquals(at(ref.get("grad_c0"), b, j), run[set(plan, "initial:c.cell").index()].data[j], TOLERANCE, "dL/dc0");
                }
            }
            for (int i = 0; i < gradients.length; i++) {
                org.ejml.dense.row.CommonOps_DDRM.addEquals(gradients[i], run[i]);
            }
        }
        assertEquals(ref.get("loss").getAsDouble(), loss, TOLERANCE, kind + " loss");

        for (int k = 0; k < gates.size(); k++) {
            String gate = gates.get(k);
            DMatrixRMaj input = gradients[set(plan, "connection:x-c." + gate).index()];
            DMatrixRMaj rec = gradients[set(plan, recurrent(kind, gate)).index()];
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < in; i++) {
                    assertEquals(at(gw.get("weight_ih_l0"), k * h + j, i), input.get(i, j), TOLERANCE, "dL/dW_ih " + gate);
                }
                for (int i = 0; i < h; i++) {
                    assertEquals(at(gw.get("weight_hh_l0"), k * h + j, i), rec.get(i, j), TOLERANCE, "dL/dW_hh " + gate);
                }
                boolean splitBias = kind.equals("gru") && gate.equals("new");
                double ours = gradients[set(plan, "bias:c." + gate).index()].data[j];
                double oursHh = splitBias ? gradients[set(plan, "bias:c.hn").index()].data[j] : ours;
                assertEquals(at(gw.get("bias_ih_l0"), k * h + j), ours, TOLERANCE, "dL/db_ih " + gate);
                assertEquals(at(gw.get("bias_hh_l0"), k * h + j), oursHh, TOLERANCE, "dL/db_hh " + gate);
            }
        }
    }

}

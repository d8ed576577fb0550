package org.rnnstudio.export.tests;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.rnnstudio.engine.Network;
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
 * A PyTorch reference (the project's conformance data, computed by PyTorch in float64) as an RNN Studio model
 * x -> cell c -> y = h, its weights set by hand from docs/model-format.md's table, written out here again
 * on purpose: the exporters' own mapping is what the tests check against it.
 */
final class TorchWeights {

    private final JsonObject ref;
    private final String kind;
    private final Model model;
    private final Plan plan;

    /** The reference for lstm, gru, rnn_tanh or rnn_relu (resources/torch-reference). */
    static TorchWeights load(String kind) throws Exception {
        try (InputStream in = TorchWeights.class.getResourceAsStream("/torch-reference/" + kind + ".json")) {
            return new TorchWeights(JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject(), kind);
        }
    }

    /** The reference's own JSON: inputs, initial states, outputs. */
    JsonObject reference() {
        return ref;
    }

    private TorchWeights(JsonObject ref, String kind) throws Exception {
        this.ref = ref;
        this.kind = kind;
        model = new Model();
        model.setName(kind);
        model.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, inputs()));
        Cell cell = new Cell("c", kind.equals("lstm") ? Cell.Kind.LSTM : kind.equals("gru") ? Cell.Kind.GRU : Cell.Kind.ELMAN, hidden());
        cell.setActivation(kind.equals("rnn_relu") ? Activation.RELU : Activation.TANH);
        cell.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        model.cells().add(cell);
        UnitGroup y = model.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, hidden()));
        y.setActivation(Activation.LINEAR);
        y.setBias(false);
        model.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        model.addConnection(new Connection("c-y", "c", "y", Connection.Kind.IDENTITY, 0));
        plan = Plan.compile(model);
    }

    Model model() {
        return model;
    }

    int inputs() {
        return ref.getAsJsonObject("shapes").get("input").getAsInt();
    }

    int hidden() {
        return ref.getAsJsonObject("shapes").get("hidden").getAsInt();
    }

    int steps() {
        return ref.getAsJsonObject("shapes").get("steps").getAsInt();
    }

    int batch() {
        return ref.getAsJsonObject("shapes").get("batch").getAsInt();
    }

    /** PyTorch's gate blocks by our part names: LSTM i, f, g, o; GRU r, z, n; RNN one. */
    List<String> gates() {
        switch (kind) {
        case "lstm":
            return List.of("write", "keep", "candidate", "read");
        case "gru":
            return List.of("reset", "update", "new");
        default:
            return List.of("h");
        }
    }

    double weight(String name, int... index) {
        JsonElement e = ref.getAsJsonObject("weights").get(name);
        for (int i : index) {
            e = e.getAsJsonArray().get(i);
        }
        return e.getAsDouble();
    }

    /** A network holding PyTorch's weights (and sequence 0's initial state). */
    Network network() {
        Network network = new Network(plan);
        int in = inputs();
        int h = hidden();
        for (int k = 0; k < gates().size(); k++) {
            String gate = gates().get(k);
            double[] input = network.value(set("connection:x-c." + gate)).data;
            double[] rec = network.value(set(kind.startsWith("rnn") ? "connection:c.recurrent" : "connection:c.recurrent." + gate)).data;
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < in; i++) {
                    input[i * h + j] = weight("weight_ih_l0", k * h + j, i);
                }
                for (int i = 0; i < h; i++) {
                    rec[i * h + j] = weight("weight_hh_l0", k * h + j, i);
                }
                double bih = weight("bias_ih_l0", k * h + j);
                double bhh = weight("bias_hh_l0", k * h + j);
                if (kind.equals("gru") && gate.equals("new")) {
                    network.value(set("bias:c.new")).data[j] = bih;
                    network.value(set("bias:c.hn")).data[j] = bhh;
                } else {
                    network.value(set("bias:c." + gate)).data[j] = bih + bhh;
                }
            }
        }
        setInitialState(network, 0);
        return network;
    }

    /** Sequence b's h0 (and c0) as the learned initial state. */
    void setInitialState(Network network, int b) {
        for (int j = 0; j < hidden(); j++) {
            network.value(set("initial:c.h")).data[j] = ref.getAsJsonArray("h0").get(b).getAsJsonArray().get(j).getAsDouble();
            if (kind.equals("lstm")) {
                network.value(set("initial:c.cell")).data[j] = ref.getAsJsonArray("c0").get(b).getAsJsonArray().get(j).getAsDouble();
            }
        }
    }

    private Plan.ParameterSet set(String name) {
        return plan.parameters().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter set " + name + " in " + plan.parameters()));
    }
}

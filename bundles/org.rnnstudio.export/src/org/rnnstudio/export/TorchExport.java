package org.rnnstudio.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/**
 * A model as a small Python package for PyTorch: {@code model.py}, a {@code torch.nn.Module} written out from
 * the plan (the engine's groups, wires and parameter sets, so its parameters are the weights file's, shape
 * for shape); {@code weights.npz} ({@link NumpyWeights}); {@code rnnstudio_runtime.py} (the losses, the CSV
 * loader's reading, the .npz in and out); and {@code train.py}, which trains it with
 * DistributedDataParallel under torchrun, the model's training settings as its defaults.
 *
 * <p>The module runs the groups in stages: the strongly connected parts of the graph of all wires (delays
 * included), in an order where every stage comes after the stages it reads. A stage is run over all steps
 * before the next starts. A cell that is a stage of its own, fed by one full undelayed connection and
 * without peepholes, runs as PyTorch's own layer ({@code torch.lstm}, {@code torch.gru},
 * {@code torch.rnn_tanh}, {@code torch.rnn_relu}: the kernels of {@code nn.LSTM}, {@code nn.GRU} and
 * {@code nn.RNN}, cuDNN's on a GPU) with its weights gathered from the engine's parameter sets by
 * docs/model-format.md's mapping; every other stage is a loop over time, one line per group, each
 * connection, activation and loss written by {@link TorchCode}.
 *
 * <p>A stage that reads the future (reversed connections) runs from the last step to the first, and a reversed
 * cell runs as PyTorch's layer over each sequence turned round in time. A group read backwards holds its
 * initial state from each sequence's end on, as in the engine, so the module takes the sequences' lengths.
 */
public final class TorchExport {

    /** The files of the package, beside which train.py writes {@link #TRAINED}. */
    public static final String MODULE = "model.py";
    public static final String WEIGHTS = "weights.npz";
    public static final String TRAINED = "trained.npz";
    private static final String RUNTIME = "rnnstudio_runtime.py";
    private static final String TRAIN = "train.py";

    private final TrainedModel trained;
    private final Plan plan;
    private final StringBuilder code = new StringBuilder();
    private final Map<Plan.ParameterSet, Integer> index = new HashMap<>();

    private TorchExport(TrainedModel trained) {
        this.trained = trained;
        this.plan = trained.plan();
        for (Plan.ParameterSet p : plan.parameters()) {
            index.put(p, p.index());
        }
    }

    /** Writes the package into {@code dir} (created if need be), each file atomically. */
    public static void writeTo(TrainedModel trained, Path dir) throws ExportException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ExportException(dir + " is a file; the PyTorch export is a folder: name a folder to write it into");
        }
        String module = module(trained);
        byte[] weights = NumpyWeights.write(trained);
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(RUNTIME), resource(RUNTIME));
            AtomicFiles.writeString(dir.resolve(TRAIN), resource(TRAIN));
            AtomicFiles.writeString(dir.resolve("__init__.py"), "");
            AtomicFiles.write(dir.resolve(WEIGHTS), weights);
            AtomicFiles.writeString(dir.resolve(MODULE), module);
        } catch (IOException e) {
            throw new ExportException("cannot write into " + dir + ": " + e.getMessage());
        }
    }

    /** The text of model.py. */
    public static String module(TrainedModel trained) {
        return new TorchExport(trained).build();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TorchExport.class.getResourceAsStream("torch/" + name)) {
            if (in == null) {
                throw new IOException("the export bundle lacks torch/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String build() {
        line(0, "\"\"\"" + trained.model().name().replace("\"", "'").replace("\\", "/") + ", exported by RNN Studio (./rnnstudio export --format torch).");
        line(0, "");
        line(0, "Net()(inputs, lengths) takes {input group: [steps, batch, units]} and each sequence's length (None: all");
        line(0, "as long as the batch; a model without inputs needs them) and gives ({output group: y}, {output group: net}),");
        line(0, "each [steps, batch, units];");
        line(0, "rnnstudio_runtime.loss gives the engine's loss. The parameters are the");
        line(0, "weights file's parameter sets in the engine's layout (PARAMETERS), so weights go back unchanged.");
        line(0, "\"\"\"");
        line(0, "import torch");
        line(0, "from torch import nn");
        line(0, "");
        line(0, "try:");
        line(1, "from . import rnnstudio_runtime as rt");
        line(0, "except ImportError:");
        line(1, "import rnnstudio_runtime as rt");
        line(0, "");
        constants();
        line(0, "");
        line(0, "");
        line(0, "class Net(nn.Module):");
        line(1, "PARAMETERS = PARAMETERS");
        line(1, "INPUTS = INPUTS");
        line(1, "OUTPUTS = OUTPUTS");
        line(0, "");
        line(1, "def __init__(self):");
        line(2, "super().__init__()");
        line(2, "self.w = nn.ParameterList([nn.Parameter(torch.zeros(rows, cols, dtype=torch.float64), requires_grad=trainable)");
        line(7, "for _, rows, cols, trainable in PARAMETERS])");
        if (firstInput() < 0) {
            line(2, "self.register_buffer(\"anchor\", torch.zeros((), dtype=torch.float64))  # the module's dtype and device: the model has no input");
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            if (plan.maxDelayRead(g) > 0 && !group.isInput() && plan.initialState(g) == null
                    && group.initialState() == UnitGroup.InitialStateKind.FIXED) {
                line(2, "self.register_buffer(\"fixed_" + g + "\", torch.tensor([" + numbers(group.initialValues()) + "], dtype=torch.float64))"
                        + "  # " + group.id() + "'s fixed initial state");
            }
            if (group.isInput() && group.units() != null) {
                double[] mask = new double[group.size()];
                for (int u : group.units()) {
                    mask[u] = 1;
                }
                line(2, "self.register_buffer(\"units_" + g + "\", torch.tensor([" + numbers(mask) + "], dtype=torch.float64))"
                        + "  # the units of " + group.id() + " the data reach");
            }
        }
        line(0, "");
        forward();
        return code.toString();
    }

    private void constants() {
        line(0, "# the engine's parameter sets: name in the weights file, rows, columns, trainable");
        line(0, "PARAMETERS = [");
        for (Plan.ParameterSet p : plan.parameters()) {
            line(1, "(" + TorchCode.string(p.name()) + ", " + p.rows() + ", " + p.cols() + ", " + (p.trainable() ? "True" : "False") + "),  # w["
                    + p.index() + "]");
        }
        line(0, "]");
        line(0, "# input groups and their sizes");
        StringJoiner inputs = new StringJoiner(", ", "INPUTS = {", "}");
        StringJoiner outputs = new StringJoiner(",\n    ", "OUTPUTS = {\n    ", "\n}");
        for (UnitGroup g : plan.groups()) {
            if (g.isInput()) {
                inputs.add(TorchCode.string(g.id()) + ": " + g.size());
            }
            if (g.isOutput()) {
                outputs.add(TorchCode.string(g.id()) + ": {\"size\": " + g.size() + ", \"loss\": rt." + TorchCode.loss(g.loss()) + ", \"schedule\": "
                        + TorchCode.string(ModelFile.fileName(g.targetSchedule())) + ", \"steps\": " + g.targetSteps() + ", \"units\": "
                        + (g.units() == null ? "None" : "[" + numbers(g.units()) + "]") + ", \"next\": "
                        + (g.next() == null ? "None" : TorchCode.string(g.next())) + "}");
            }
        }
        code.append(inputs).append('\n');
        line(0, "# output groups: size, loss, target schedule (steps: of last-steps), the units with targets (None: all),");
        line(0, "# the input whose next term is the target (None: the data give the targets)");
        code.append(outputs).append('\n');
        line(0, "# whether every group leads to an output (DistributedDataParallel must otherwise look for unused parameters)");
        line(0, "EVERY_GROUP_REACHES_AN_OUTPUT = " + (everyGroupReachesAnOutput() ? "True" : "False"));
        TrainingSettings t = trained.model().training() != null ? trained.model().training() : new TrainingSettings();
        line(0, "# the model's training settings: train.py's defaults");
        line(0, "TRAINING = {\"data\": " + TorchCode.string(t.data == null ? "" : t.data) + ", \"epochs\": " + t.epochs + ", \"batch\": " + t.batch
                + ", \"optimizer\": " + TorchCode.string(t.optimizer) + ",");
        line(1, "\"lr\": " + TorchCode.number(t.learningRate) + ", \"momentum\": " + TorchCode.number(t.momentum) + ", \"nesterov\": "
                + (t.nesterov ? "True" : "False") + ", \"clip\": " + TorchCode.number(t.clipNorm) + ", \"weight_decay\": "
                + TorchCode.number(t.weightDecay) + ",");
        line(1, "\"schedule\": " + TorchCode.string(t.schedule) + ", \"step_every\": " + t.stepEvery + ", \"gamma\": " + TorchCode.number(t.gamma)
                + ", \"seed\": " + t.seed + ", \"truncation\": " + t.truncation + "}");
    }

    private void forward() {
        line(1, "def forward(self, inputs, lengths=None):");
        line(2, "w = self.w");
        int first = firstInput();
        if (first < 0) {
            // a network that runs on its own: the sequences' lengths alone say how long
            line(2, "ref = self.anchor");
            line(2, "steps, batch = int(lengths.max()), lengths.shape[0]");
        } else {
            line(2, "ref = inputs[" + TorchCode.string(plan.groups().get(first).id()) + "]");
            line(2, "steps, batch = ref.shape[0], ref.shape[1]");
        }
        if (plan.phases() > 1 && first >= 0) {
            line(2, "if lengths is None:");
            line(3, "lengths = torch.full((batch,), steps, dtype=torch.long, device=ref.device)");
        }
        line(2, "y = [None] * " + plan.groups().size() + "  # each group's outputs, [steps, batch, units], in the engine's order");
        line(2, "net = {}  # the output groups' total inputs, which their losses read");
        line(2, "init = [None] * " + plan.groups().size() + "  # what a group holds before the first step, [batch, units]");
        for (int g = 0; g < plan.groups().size(); g++) {
            initialState(g);
        }
        for (List<Integer> stage : stages()) {
            Cell cell = layerCell(stage);
            if (cell != null) {
                layer(cell);
            } else if (stage.size() == 1 && plan.groups().get(stage.get(0)).isInput()) {
                input(stage.get(0));
            } else {
                loop(stage);
            }
        }
        StringJoiner ys = new StringJoiner(", ", "{", "}");
        for (int g = 0; g < plan.groups().size(); g++) {
            if (plan.groups().get(g).isOutput()) {
                ys.add(TorchCode.string(plan.groups().get(g).id()) + ": y[" + g + "]");
            }
        }
        line(2, "return " + ys + ", net");
    }

    private int firstInput() {
        for (int g = 0; g < plan.groups().size(); g++) {
            if (plan.groups().get(g).isInput()) {
                return g;
            }
        }
        return -1;
    }

    private void initialState(int g) {
        if (plan.maxDelayRead(g) == 0) {
            return;
        }
        UnitGroup group = plan.groups().get(g);
        String value;
        if (plan.initialState(g) != null) {
            value = "w[" + index.get(plan.initialState(g)) + "].expand(batch, -1)";
        } else if (!group.isInput() && group.initialState() == UnitGroup.InitialStateKind.FIXED) {
            value = "self.fixed_" + g + ".expand(batch, -1)";
        } else {
            value = "ref.new_zeros(batch, " + group.size() + ")";
        }
        line(2, "init[" + g + "] = " + value + "  # " + group.id() + ", " + (plan.initialState(g) != null ? "learned"
                : ModelFile.fileName(group.isInput() ? UnitGroup.InitialStateKind.ZERO : group.initialState())));
    }

    private void input(int g) {
        UnitGroup group = plan.groups().get(g);
        String x = "inputs[" + TorchCode.string(group.id()) + "]";
        if (group.units() != null) {
            x = x + " * self.units_" + g;
        }
        if (group.inputSchedule() == UnitGroup.InputSchedule.FIRST_STEP) {
            x = "rt.first_step_only(" + x + ")";
        }
        line(2, "y[" + g + "] = " + x + "  # the input group " + group.id());
    }

    /**
     * A stage of groups run step by step, each group as the engine's pass computes it: from the first step to the
     * last, or from the last to the first when the stage reads its own future (the engine validates that a loop
     * through time runs one way); what it reads of earlier stages is there at every step.
     */
    private void loop(List<Integer> stage) {
        for (int g : stage) {
            line(2, "y[" + g + "] = [None] * steps");
            if (plan.groups().get(g).isOutput()) {
                line(2, "net[" + TorchCode.string(plan.groups().get(g).id()) + "] = [None] * steps");
            }
        }
        boolean backwards = stage.stream().anyMatch(g -> plan.incoming(g).stream().anyMatch(w -> w.reverse() && stage.contains(w.fromGroup())));
        line(2, backwards ? "for t in reversed(range(steps)):  # backwards in time" : "for t in range(steps):");
        for (int g : stage) {
            UnitGroup group = plan.groups().get(g);
            List<String> terms = new ArrayList<>();
            StringJoiner said = new StringJoiner(", ");
            for (Plan.Wire w : plan.incoming(g)) {
                String step = w.delay() == 0 ? "t" : w.reverse() ? "t + " + w.delay() : "t - " + w.delay();
                String from = "rt.at(y[" + w.fromGroup() + "], init[" + w.fromGroup() + "], " + step + ")";
                String term = TorchCode.term(w.connection(), from, w.weights() == null ? null : "w[" + index.get(w.weights()) + "]");
                terms.add("(" + term + ")");
                said.add(w.connection().id());
            }
            String total = terms.isEmpty() ? "ref.new_zeros(batch, " + group.size() + ")"
                    : String.join(group.combine() == UnitGroup.Combine.PRODUCT ? " * " : " + ", terms);
            if (plan.bias(g) != null) {
                total = total + " + w[" + index.get(plan.bias(g)) + "]";
            }
            line(3, "# " + group.id() + ": " + group.activation().fileName() + " of the " + (group.combine() == UnitGroup.Combine.PRODUCT ? "product" : "sum")
                    + " of " + (said.length() == 0 ? "nothing" : said) + (plan.bias(g) != null ? ", plus its bias" : ""));
            line(3, "total = " + total);
            if (group.isOutput()) {
                line(3, "net[" + TorchCode.string(group.id()) + "][t] = total");
            }
            String y = TorchCode.activation(group.activation(), "total");
            line(3, "y[" + g + "][t] = " + (plan.readFromFuture(g) ? "rt.hold_after_end(" + y + ", init[" + g + "], t, lengths)" : y));
        }
        for (int g : stage) {
            line(2, "y[" + g + "] = torch.stack(y[" + g + "])");
            if (plan.groups().get(g).isOutput()) {
                String id = TorchCode.string(plan.groups().get(g).id());
                line(2, "net[" + id + "] = torch.stack(net[" + id + "])");
            }
        }
    }

    private boolean everyGroupReachesAnOutput() {
        boolean[] reaches = new boolean[plan.groups().size()];
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int g = 0; g < reaches.length; g++) {
                if (!reaches[g] && plan.groups().get(g).isOutput()) {
                    reaches[g] = grew = true;
                }
                for (Plan.Wire w : plan.incoming(g)) {
                    if (reaches[g] && !reaches[w.fromGroup()]) {
                        reaches[w.fromGroup()] = grew = true;
                    }
                }
            }
        }
        for (boolean r : reaches) {
            if (!r) {
                return false;
            }
        }
        return true;
    }

    // --- cells as PyTorch's layers ----------------------------------------------------------------------

    /** The cell this stage is, when PyTorch has its layer: exactly the cell's parts, one full undelayed input, no peepholes. */
    private Cell layerCell(List<Integer> stage) {
        for (Cell cell : trained.model().cells()) {
            List<Integer> parts = new ArrayList<>();
            for (int g = 0; g < plan.groups().size(); g++) {
                if (plan.groups().get(g).id().startsWith(cell.id() + ".")) {
                    parts.add(g);
                }
            }
            if (!parts.equals(stage)) {
                continue;
            }
            if (cell.kind() == Cell.Kind.RESERVOIR) {
                return null;
            }
            boolean elmanLayer = cell.kind() != Cell.Kind.ELMAN || cell.activation() == Activation.TANH || cell.activation() == Activation.RELU;
            boolean oneInput = NumpyWeights.torchLayout(trained.model(), plan, trained.network(), cell).size() == 4;
            return elmanLayer && oneInput ? cell : null;
        }
        return null;
    }

    private void layer(Cell cell) {
        String c = cell.id();
        String in = null;
        for (Connection k : trained.model().connections()) {
            if (k.to().equals(c)) {
                in = k.id();
            }
        }
        Map<String, Plan.Wire> wires = new HashMap<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                wires.put(w.connection().id(), w);
            }
        }
        List<String> ih = new ArrayList<>();
        List<String> hh = new ArrayList<>();
        List<String> bih = new ArrayList<>();
        List<String> bhh = new ArrayList<>();
        int h = cell.size();
        int source = -1;
        for (String gate : NumpyWeights.torchGateOrder(cell.kind())) {
            Plan.Wire input = wires.get(in + "." + gate);
            source = input.fromGroup();
            ih.add("w[" + index.get(input.weights()) + "].t()");
            hh.add("w[" + index.get(wires.get(cell.kind() == Cell.Kind.ELMAN ? c + ".recurrent" : c + ".recurrent." + gate).weights()) + "].t()");
            bih.add(bias(c + "." + gate, h));
            bhh.add(cell.kind() == Cell.Kind.GRU && gate.equals("new") ? bias(c + ".hn", h) : "ref.new_zeros(" + h + ")");
        }
        int hidden = plan.groupIndex(c + ".h");
        String weights = "[torch.cat([" + String.join(", ", ih) + "]), torch.cat([" + String.join(", ", hh) + "]),\n"
                + "                   torch.cat([" + String.join(", ", bih) + "]), torch.cat([" + String.join(", ", bhh) + "])]";
        String h0 = "rt.initial(init[" + hidden + "], batch, " + h + ")";
        // a reversed cell is the same layer run over each sequence turned round: its state at the last step is the initial one
        String x = cell.reverse() ? "rt.time_reversed(y[" + source + "], lengths)" : "y[" + source + "]";
        line(2, "# cell " + c + " (" + ModelFile.fileName(cell.kind()) + ", " + h + " units" + (cell.reverse() ? ", backwards in time" : "")
                + ") as PyTorch's layer, its weights gathered in PyTorch's gate order");
        line(2, "weights = " + weights);
        String run = switch (cell.kind()) {
        case LSTM -> "torch.lstm(" + x + ", (" + h0 + ", rt.initial(init[" + plan.groupIndex(c + ".cell") + "], batch, " + h + ")), weights, True, 1, 0.0, "
                + "self.training, False, False)[0]";
        case GRU -> "torch.gru(" + x + ", " + h0 + ", weights, True, 1, 0.0, self.training, False, False)[0]";
        case ELMAN -> "torch.rnn_" + cell.activation().fileName() + "(" + x + ", " + h0 + ", weights, True, 1, 0.0, self.training, False, False)[0]";
        case RESERVOIR -> throw new IllegalStateException("a reservoir's leaky units have no PyTorch layer: layerCell never gives one");
        };
        line(2, "y[" + hidden + "] = " + (cell.reverse() ? "rt.time_reversed(" + run + ", lengths)" : run));
        if (plan.readFromFuture(hidden)) {
            line(2, "y[" + hidden + "] = rt.hold_after_end(y[" + hidden + "], init[" + hidden + "], torch.arange(steps, device=ref.device)[:, None], lengths)");
        }
    }

    private String bias(String group, int h) {
        Plan.ParameterSet b = plan.bias(plan.groupIndex(group));
        return b == null ? "ref.new_zeros(" + h + ")" : "w[" + index.get(b) + "][0]";
    }

    // --- stages -----------------------------------------------------------------------------------------

    /**
     * The strongly connected parts of the graph of every wire (Tarjan's algorithm), each in the engine's
     * order, the parts in an order where each comes after those it reads (ties: the earliest group first).
     */
    private List<List<Integer>> stages() {
        int n = plan.groups().size();
        int[] component = new int[n];
        Arrays.fill(component, -1);
        List<List<Integer>> components = new ArrayList<>();
        int[] low = new int[n];
        int[] order = new int[n];
        Arrays.fill(order, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int[] depth = {0, 0};
        for (int g = 0; g < n; g++) {
            if (order[g] < 0) {
                strongConnect(g, order, low, onStack, stack, depth, component, components);
            }
        }
        List<List<Integer>> stages = new ArrayList<>();
        boolean[] placed = new boolean[components.size()];
        while (stages.size() < components.size()) {
            for (int k = 0; k < components.size(); k++) {
                if (!placed[k] && ready(components.get(k), component, placed, k)) {
                    placed[k] = true;
                    List<Integer> stage = new ArrayList<>(components.get(k));
                    stage.sort(null);
                    stages.add(stage);
                    break;
                }
            }
        }
        return stages;
    }

    private boolean ready(List<Integer> members, int[] component, boolean[] placed, int self) {
        for (int g : members) {
            for (Plan.Wire w : plan.incoming(g)) {
                int from = component[w.fromGroup()];
                if (from != self && !placed[from]) {
                    return false;
                }
            }
        }
        return true;
    }

    private void strongConnect(int g, int[] order, int[] low, boolean[] onStack, int[] stack, int[] counters, int[] component,
            List<List<Integer>> components) {
        order[g] = counters[0];
        low[g] = counters[0]++;
        stack[counters[1]++] = g;
        onStack[g] = true;
        for (int r = 0; r < plan.groups().size(); r++) {
            for (Plan.Wire w : plan.incoming(r)) {
                if (w.fromGroup() != g) {
                    continue;
                }
                if (order[r] < 0) {
                    strongConnect(r, order, low, onStack, stack, counters, component, components);
                    low[g] = Math.min(low[g], low[r]);
                } else if (onStack[r]) {
                    low[g] = Math.min(low[g], order[r]);
                }
            }
        }
        if (low[g] == order[g]) {
            List<Integer> members = new ArrayList<>();
            int m;
            do {
                m = stack[--counters[1]];
                onStack[m] = false;
                component[m] = components.size();
                members.add(m);
            } while (m != g);
            components.add(members);
        }
    }

    // --- text -------------------------------------------------------------------------------------------

    private void line(int indent, String text) {
        code.append("    ".repeat(indent)).append(text).append('\n');
    }

    private static String numbers(double[] values) {
        StringJoiner j = new StringJoiner(", ");
        for (double v : values) {
            j.add(TorchCode.number(v));
        }
        return j.toString();
    }

    private static String numbers(int[] values) {
        StringJoiner j = new StringJoiner(", ");
        for (int v : values) {
            j.add(Integer.toString(v));
        }
        return j.toString();
    }
}

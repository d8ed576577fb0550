package org.rnnstudio.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.rnnstudio.engine.ActivationFunctions;
import org.rnnstudio.engine.ConnectionOperations;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.OnnxGraph;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.CellExpansion;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * A trained model as an ONNX file (opset 17, float32) that ONNX Runtime runs step for step like the engine.
 * Recurrence is one ONNX {@code Scan} over time whose body is one time step of the model's primitives in the
 * engine's order, each connection and activation written by its own operation (MatMul for full
 * connections, Mul for one-to-one, the activations' operators), joined by Add or, for product units, Mul;
 * the state it carries is every group that a delayed connection reads, once per step of delay. So every
 * construct of the model, cells included (they are their expansion), becomes the same arithmetic, and the
 * file takes sequences of any length. Inputs and outputs are named by their groups, shaped [steps, batch,
 * units]. Written with the ONNX protobuf classes of Tribuo's ONNX utilities (graph-valued attributes such as
 * Scan's body need the protobuf builders themselves; see docs/export.md).
 */
public final class OnnxExport {

    public static final int OPSET = 17;
    /** the IR version that goes with opset 17 */
    static final int IR_VERSION = 8;
    private static final String BATCH = "batch";
    private static final String STEPS = "steps";

    private final Plan plan;
    private final Network network;
    private final String name;
    /** the model as its file has it, cells closed, for naming elements */
    private final Model original;
    private final GraphProto.Builder main = GraphProto.newBuilder();
    private final GraphProto.Builder body = GraphProto.newBuilder();
    private int counter;

    private OnnxExport(TrainedModel trained) {
        this.plan = trained.plan();
        this.network = trained.network();
        this.name = trained.name();
        this.original = trained.model();
    }

    /** The ONNX file's bytes, or a refusal naming the element the file cannot carry. */
    public static byte[] write(TrainedModel trained) throws ExportException {
        return new OnnxExport(trained).build().toByteArray();
    }

    /** The graph is one Loop from the first step to the last; a group that runs from the last step back has no place in it. */
    private void refuseReversed() throws ExportException {
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.reverse()) {
                    String element = CellExpansion.originalId(original, w.connection().id());
                    throw new ExportException(name + ": '" + element + "' reads the sequence backwards in time (reverse), which the ONNX export "
                            + "(one loop from the first step to the last) does not support; export the weights (npz) or a portable model instead");
                }
            }
        }
    }

    private ModelProto build() throws ExportException {
        List<Integer> inputs = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            if (group.isInput()) {
                inputs.add(g);
            }
            if (group.isOutput()) {
                outputs.add(g);
            }
        }
        if (inputs.isEmpty()) {
            throw new ExportException(name + ": model '" + plan.model().name() + "' has no input group, and the ONNX file's "
                    + "number of steps is the length of its input; add an input group (it may be all zeros)");
        }
        refuseReversed();
        for (Plan.ParameterSet p : plan.parameters()) {
            main.addInitializer(tensor(p.name(), shapeOf(p), network.copyOf(p), p.name()));
        }
        String firstInput = plan.groups().get(inputs.get(0)).id();
        String batch = batchDimension(main, firstInput, 1);
        String bodyBatch = batchDimension(body, slice(inputs.get(0)), 0);

        // the state: each group a delayed connection reads, once for every step back it is read
        List<String> scanInputs = new ArrayList<>();
        List<String> scanOutputs = new ArrayList<>();
        List<ValueInfoProto> nextStates = new ArrayList<>();
        // what each state becomes for the next step, as (from, to); written after the step's nodes
        List<String[]> carried = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            int depth = plan.maxDelayRead(g);
            if (depth == 0) {
                continue;
            }
            String start = initialState(g, batch);
            int n = plan.groups().get(g).size();
            for (int lag = 1; lag <= depth; lag++) {
                scanInputs.add(start);
                body.addInput(floatValue(state(g, lag), BATCH, n));
                String next = "next/" + id(g) + "/t-" + lag;
                carried.add(new String[] {lag == 1 ? value(g) : state(g, lag - 1), next});
                nextStates.add(floatValue(next, BATCH, n));
                scanOutputs.add("final/" + id(g) + "/t-" + lag);
            }
        }
        boolean firstStepOnly = inputs.stream().anyMatch(g -> plan.groups().get(g).inputSchedule() == UnitGroup.InputSchedule.FIRST_STEP);
        if (firstStepOnly) {
            // a flag that is 1 at the first step and 0 after it, for inputs that reach the network only then
            main.addInitializer(tensor("const/one", new long[] {1}, new double[] {1}, "a constant"));
            body.addInitializer(tensor("const/zero", new long[] {1}, new double[] {0}, "a constant"));
            scanInputs.add("const/one");
            body.addInput(floatValue("state/first-step", 1));
            carried.add(new String[] {"const/zero", "next/first-step"});
            nextStates.add(floatValue("next/first-step", 1));
            scanOutputs.add("final/first-step");
        }
        for (int g : inputs) {
            scanInputs.add(id(g));
            main.addInput(floatValue(id(g), STEPS, BATCH, plan.groups().get(g).size()));
            body.addInput(floatValue(slice(g), BATCH, plan.groups().get(g).size()));
        }

        for (int g = 0; g < plan.groups().size(); g++) {
            step(g, bodyBatch);
        }
        for (String[] c : carried) {
            node("Identity", List.of(c[0]), c[1]);
        }

        body.addAllOutput(nextStates);
        for (int g : outputs) {
            String y = "y/" + id(g);
            node("Identity", List.of(value(g)), y);
            body.addOutput(floatValue(y, BATCH, plan.groups().get(g).size()));
            scanOutputs.add(id(g));
            main.addOutput(floatValue(id(g), STEPS, BATCH, plan.groups().get(g).size()));
        }
        body.setName("one time step");
        main.addNode(NodeProto.newBuilder().setOpType("Scan").setName("time").addAllInput(scanInputs).addAllOutput(scanOutputs)
                .addAttribute(AttributeProto.newBuilder().setName("body").setType(AttributeProto.AttributeType.GRAPH).setG(body))
                .addAttribute(AttributeProto.newBuilder().setName("num_scan_inputs").setType(AttributeProto.AttributeType.INT)
                        .setI(inputs.size())));
        main.setName(plan.model().name());
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("RNN Studio").setProducerVersion("0.1")
                .setDocString("Exported by RNN Studio from " + name + ": inputs and outputs are [steps, batch, units], named by their groups.")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(main).build();
    }

    /** One group at one step, as in the engine's forward pass: inputs clamped, others combined, biased, squashed. */
    private void step(int g, String bodyBatch) throws ExportException {
        UnitGroup group = plan.groups().get(g);
        int n = group.size();
        if (group.isInput()) {
            String x = slice(g);
            if (group.units() != null) {
                double[] mask = new double[n];
                for (int u : group.units()) {
                    mask[u] = 1;
                }
                String m = "const/" + id(g) + "/units";
                body.addInitializer(tensor(m, new long[] {1, n}, mask, "a constant"));
                x = node("Mul", List.of(x, m), temp(g));
            }
            if (group.inputSchedule() == UnitGroup.InputSchedule.FIRST_STEP) {
                x = node("Mul", List.of(x, "state/first-step"), temp(g));
            }
            node("Identity", List.of(x), value(g));
            return;
        }
        StepGraph graph = new StepGraph(g);
        String total = null;
        boolean product = group.combine() == UnitGroup.Combine.PRODUCT;
        for (Plan.Wire w : plan.incoming(g)) {
            String source = w.delay() == 0 ? value(w.fromGroup()) : state(w.fromGroup(), w.delay());
            String part = ConnectionOperations.of(w.connection()).onnx(graph, source, w.weights() == null ? null : w.weights().name());
            total = total == null ? part : node(product ? "Mul" : "Add", List.of(total, part), temp(g));
        }
        if (total == null) {
            // no incoming connection: the total input is zero (plus the bias)
            String shape = node("Concat", List.of(bodyBatch, constant(new long[] {n})), temp(g), intAttribute("axis", 0));
            total = node("ConstantOfShape", List.of(shape), temp(g));
        }
        if (plan.bias(g) != null) {
            total = node("Add", List.of(total, plan.bias(g).name()), temp(g));
        }
        ActivationFunctions.of(group.activation()).onnx(graph, total, value(g));
    }

    /** The one-step body as the engine's operations see it, its new values named after group g. */
    private final class StepGraph implements OnnxGraph<ExportException> {
        private final int group;

        StepGraph(int group) {
            this.group = group;
        }

        @Override
        public String node(String op, List<String> inputs) {
            return OnnxExport.this.node(op, inputs, temp(group));
        }

        @Override
        public void node(String op, List<String> inputs, String output) {
            OnnxExport.this.node(op, inputs, output);
        }

        @Override
        public void node(String op, List<String> inputs, String output, String attribute, long value) {
            OnnxExport.this.node(op, inputs, output, intAttribute(attribute, value));
        }

        @Override
        public String constant(String name, double value, String owner) throws ExportException {
            body.addInitializer(tensor(name, new long[] {1}, new double[] {value}, owner));
            return name;
        }
    }

    /** What a group holds before the first step, as [batch, units]: its learned or fixed initial state, or zeros. */
    private String initialState(int g, String batch) throws ExportException {
        UnitGroup group = plan.groups().get(g);
        int n = group.size();
        String row;
        if (plan.initialState(g) != null) {
            row = plan.initialState(g).name();
        } else {
            double[] values = !group.isInput() && group.initialState() == UnitGroup.InitialStateKind.FIXED ? group.initialValues() : new double[n];
            row = "initial/" + id(g);
            main.addInitializer(tensor(row, new long[] {1, n}, values, "group '" + group.id() + "' (its initial state)"));
        }
        String shape = "shape/" + id(g);
        main.addNode(NodeProto.newBuilder().setOpType("Concat").setName(shape).addInput(batch).addInput(mainConstant(new long[] {n}, id(g)))
                .addOutput(shape).addAttribute(intAttribute("axis", 0)));
        String start = "start/" + id(g);
        main.addNode(NodeProto.newBuilder().setOpType("Expand").setName(start).addInput(row).addInput(shape).addOutput(start));
        return start;
    }

    /** The batch size of a tensor as a 1-element int64 tensor, read from its shape at {@code axis}. */
    private String batchDimension(GraphProto.Builder graph, String tensor, int axis) {
        String prefix = graph == main ? "main" : "body";
        String shape = prefix + "/shape";
        graph.addNode(NodeProto.newBuilder().setOpType("Shape").setName(shape).addInput(tensor).addOutput(shape));
        String index = prefix + "/batch-axis";
        graph.addInitializer(TensorProto.newBuilder().setName(index).setDataType(TensorProto.DataType.INT64_VALUE).addDims(1).addInt64Data(axis));
        String batch = prefix + "/batch";
        graph.addNode(NodeProto.newBuilder().setOpType("Gather").setName(batch).addInput(shape).addInput(index).addOutput(batch)
                .addAttribute(intAttribute("axis", 0)));
        return batch;
    }

    private String mainConstant(long[] values, String what) {
        String name = "const/" + what + "/size";
        main.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length)
                .addAllInt64Data(Arrays.stream(values).boxed().toList()));
        return name;
    }

    private String constant(long[] values) {
        String name = "const/" + (counter++);
        body.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length)
                .addAllInt64Data(Arrays.stream(values).boxed().toList()));
        return name;
    }

    private String node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            b.addAttribute(a);
        }
        body.addNode(b);
        return output;
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private String temp(int g) {
        return "t/" + id(g) + "/" + (counter++);
    }

    private String id(int g) {
        return plan.groups().get(g).id();
    }

    private String value(int g) {
        return "v/" + id(g);
    }

    private String state(int g, int lag) {
        return "state/" + id(g) + "/t-" + lag;
    }

    private String slice(int g) {
        return "x/" + id(g);
    }

    private static long[] shapeOf(Plan.ParameterSet p) {
        return new long[] {p.rows(), p.cols()};
    }

    /** A float32 tensor; values beyond float32's range cannot be carried and are refused, naming the owner. */
    private TensorProto tensor(String tensorName, long[] shape, double[] values, String owner) throws ExportException {
        TensorProto.Builder t = TensorProto.newBuilder().setName(tensorName).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : shape) {
            t.addDims(d);
        }
        for (int i = 0; i < values.length; i++) {
            float f = (float) values[i];
            if (!Float.isFinite(f)) {
                throw new ExportException(name + ": " + owner + " holds " + values[i] + " (value " + i + "), beyond the range of "
                        + "ONNX's float32 (about 3.4e38); the file cannot carry it");
            }
            t.addFloatData(f);
        }
        return t.build();
    }

    /** A float tensor's name and type: a fixed size for the last axis, named (free) sizes before it. */
    private static ValueInfoProto floatValue(String valueName, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String symbol) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(symbol));
            } else if (d instanceof Integer size) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(size));
            }
        }
        TypeProto.Tensor type = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(valueName).setType(TypeProto.newBuilder().setTensorType(type)).build();
    }
}

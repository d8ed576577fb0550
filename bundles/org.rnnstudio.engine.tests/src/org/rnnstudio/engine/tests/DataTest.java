package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;

class DataTest {

    @Test
    void binaryAdderSequenceIsTheLecturesAddition() {
        // 5 + 3 = 8: bits 101 + 011 = 1000, least significant first, sum bits two steps late
        Sequence s = BinaryAdder.sequence(5, 3, 3, "input", "output");
        assertEquals(6, s.length());
        double[][] in = s.inputs().get("input");
        assertEquals(List.of(1.0, 1.0), List.of(in[0][0], in[0][1]));
        assertEquals(List.of(0.0, 1.0), List.of(in[1][0], in[1][1]));
        assertEquals(List.of(1.0, 0.0), List.of(in[2][0], in[2][1]));
        assertEquals(List.of(0.0, 0.0), List.of(in[3][0], in[3][1]));
        double[][] out = s.targets().get("output");
        assertTrue(Double.isNaN(out[0][0]) && Double.isNaN(out[1][0]), "no target before the sum can be known");
        assertEquals(List.of(0.0, 0.0, 0.0, 1.0), List.of(out[2][0], out[3][0], out[4][0], out[5][0]));
    }

    @Test
    void generatorSpecs() throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        assertEquals(1000, DataSpec.load("binary-adder", plan).size());
        assertEquals(50, DataSpec.load("binary-adder:bits=4,count=50,seed=3", plan).size());
        assertEquals(256, DataSpec.load("binary-adder:bits=4,all", plan).size());
        assertEquals(DataSpec.load("binary-adder:seed=5", plan).get(7).inputs().get("input")[2][1],
                DataSpec.load("binary-adder:seed=5", plan).get(7).inputs().get("input")[2][1], "seeded");
        assertTrue(assertThrows(DataException.class, () -> DataSpec.load("binary-adder:bits=x", plan)).getMessage()
                .contains("bits=x must be a whole number"));
        assertTrue(assertThrows(DataException.class, () -> DataSpec.load("binary-adder:bitz=4", plan)).getMessage()
                .contains("unknown setting 'bitz'"));
        assertTrue(assertThrows(DataException.class, () -> DataSpec.load("no-such-thing", plan)).getMessage()
                .contains("neither a file nor a generator"));
    }

    @Test
    void csvSequencesWithMissingTargets(@TempDir Path dir) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Path csv = dir.resolve("sums.csv");
        Files.writeString(csv, "# 1 + 1 = 2, then 1 + 0 = 1\nsequence,input.0,input.1,output.0\n"
                + "a,1,1,\na,0,0,\na,0,0,0\na,0,0,1\n\nb,1,0,\nb,0,0,\nb,0,0,1\n");
        List<Sequence> data = DataSpec.load(csv.toString(), plan);
        assertEquals(2, data.size());
        assertEquals(4, data.get(0).length());
        assertEquals(3, data.get(1).length());
        assertTrue(Double.isNaN(data.get(0).targets().get("output")[0][0]));
        assertEquals(1.0, data.get(0).targets().get("output")[3][0]);
        assertEquals(1.0, data.get(1).inputs().get("input")[0][0]);
    }

    @Test
    void csvErrorsNameFileAndLine(@TempDir Path dir) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        assertEquals("bad.csv line 3: 'input.1' is 'one', not a number",
                csvError(dir, plan, "sequence,input.0,input.1,output.0\na,1,1,\na,0,one,1\n"));
        assertEquals("bad.csv line 1: input unit 'input.1' has no column",
                csvError(dir, plan, "sequence,input.0,output.0\na,1,\n"));
        assertTrue(csvError(dir, plan, "sequence,input.0,input.1,hidden.0\n").contains("column 'hidden.0' is not GROUP.UNIT"));
        assertEquals("bad.csv line 2: 3 cells, but the header names 4 columns",
                csvError(dir, plan, "sequence,input.0,input.1,output.0\na,1,1\n"));
        assertTrue(csvError(dir, plan, "sequence,input.0,input.1,output.0\na,1,1,\nb,1,1,\na,0,0,1\n")
                .startsWith("bad.csv line 4: sequence 'a' appears again"));
        assertTrue(csvError(dir, plan, "input.0,input.1,output.0\n1,1,\n").contains("no 'sequence' column"));
    }

    private static String csvError(Path dir, Plan plan, String text) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, text);
        return assertThrows(DataException.class, () -> DataSpec.load(csv.toString(), plan)).getMessage();
    }

    private static Plan plan(int inputs, int outputs, org.rnnstudio.model.Activation activation) throws Exception {
        org.rnnstudio.model.Model m = new org.rnnstudio.model.Model();
        m.addGroup(new org.rnnstudio.model.UnitGroup("in", org.rnnstudio.model.UnitGroup.Role.INPUT, inputs));
        org.rnnstudio.model.UnitGroup out = m.addGroup(new org.rnnstudio.model.UnitGroup("out", org.rnnstudio.model.UnitGroup.Role.OUTPUT, outputs));
        out.setActivation(activation);
        m.addConnection(new org.rnnstudio.model.Connection("c", "in", "out", org.rnnstudio.model.Connection.Kind.FULL, 0));
        return Plan.compile(m);
    }

    @Test
    void addingProblem() throws Exception {
        List<Sequence> data = DataSpec.load("adding:length=50,count=200,seed=4", plan(2, 1, org.rnnstudio.model.Activation.LINEAR));
        assertEquals(200, data.size());
        double squaredFromMean = 0;
        for (Sequence s : data) {
            assertEquals(50, s.length());
            double[][] x = s.inputs().get("in");
            double[][] y = s.targets().get("out");
            double sum = 0;
            int marked = 0;
            for (int t = 0; t < 50; t++) {
                if (x[t][1] == 1) {
                    sum += x[t][0];
                    marked++;
                    assertTrue(marked == 1 ? t < 25 : t >= 25, "one mark in each half");
                }
                assertEquals(t < 49, Double.isNaN(y[t][0]), "a target at the last step only");
            }
            assertEquals(2, marked);
            assertEquals(sum, y[49][0], 0.0);
            squaredFromMean += (y[49][0] - 1) * (y[49][0] - 1);
        }
        // the sum of two uniform values has variance 1/6: predicting the mean gives about 0.17
        assertEquals(1.0 / 6, squaredFromMean / 200, 0.04);
        assertEquals(data.get(3).inputs().get("in")[7][0],
                DataSpec.load("adding:length=50,count=200,seed=4", plan(2, 1, org.rnnstudio.model.Activation.LINEAR)).get(3).inputs().get("in")[7][0], 0.0);
    }

    @Test
    void temporalOrderCopySineAndMackeyGlass() throws Exception {
        List<Sequence> order = DataSpec.load("temporal-order:length=100,count=50", plan(8, 4, org.rnnstudio.model.Activation.SOFTMAX));
        for (Sequence s : order) {
            double[][] x = s.inputs().get("in");
            StringBuilder relevant = new StringBuilder();
            for (double[] step : x) {
                if (step[4] == 1) {
                    relevant.append('X');
                }
                if (step[5] == 1) {
                    relevant.append('Y');
                }
            }
            int expected = List.of("XX", "XY", "YX", "YY").indexOf(relevant.toString());
            assertTrue(expected >= 0, relevant.toString());
            assertEquals(1.0, s.targets().get("out")[99][expected], 0.0, "the class is the order of X and Y");
        }

        List<Sequence> copy = DataSpec.load("copy:length=5,symbols=3,count=20", plan(4, 3, org.rnnstudio.model.Activation.SOFTMAX));
        for (Sequence s : copy) {
            assertEquals(11, s.length());
            for (int t = 0; t < 5; t++) {
                assertArrayEquals(java.util.Arrays.copyOf(s.inputs().get("in")[t], 3), s.targets().get("out")[6 + t], 0.0,
                        "symbol " + t + " comes back after the delimiter");
            }
            assertEquals(1.0, s.inputs().get("in")[5][3], 0.0, "the delimiter");
            assertTrue(Double.isNaN(s.targets().get("out")[5][0]));
        }

        List<Sequence> sine = DataSpec.load("sine:length=30,count=5", plan(1, 1, org.rnnstudio.model.Activation.LINEAR));
        assertEquals(sine.get(2).inputs().get("in")[4][0], sine.get(2).targets().get("out")[3][0], 0.0, "the target is the next value");

        List<Sequence> mg = DataSpec.load("mackey-glass:length=40,count=10,tau=17", plan(1, 1, org.rnnstudio.model.Activation.LINEAR));
        for (Sequence s : mg) {
            for (int t = 0; t < 40; t++) {
                double v = s.inputs().get("in")[t][0];
                assertTrue(v > 0.2 && v < 1.5, "the Mackey-Glass attractor stays in (0.2, 1.5): " + v);
            }
            assertEquals(s.inputs().get("in")[11][0], s.targets().get("out")[10][0], 0.0);
        }
        assertTrue(assertThrows(DataException.class, () -> DataSpec.load("adding", plan(1, 1, org.rnnstudio.model.Activation.LINEAR)))
                .getMessage().contains("adding data need a model with exactly one input group, of 2 units"));
        assertTrue(assertThrows(DataException.class, () -> DataSpec.load("sine:colour=red", plan(1, 1, org.rnnstudio.model.Activation.LINEAR)))
                .getMessage().contains("unknown setting 'colour'"));
    }
}

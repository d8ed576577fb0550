package org.rnnstudio.engine.tests;

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
}

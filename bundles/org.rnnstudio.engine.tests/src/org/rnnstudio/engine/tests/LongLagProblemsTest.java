package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.LongLagProblems;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** Each long-time-lag problem's sequences follow its definition, case by case and in their statistics. */
class LongLagProblemsTest {

    private static List<Integer> marked(double[][] x, int column) {
        List<Integer> steps = new ArrayList<>();
        for (int t = 0; t < x.length; t++) {
            if (x[t][column] == 1) {
                steps.add(t);
            }
        }
        return steps;
    }

    private static int onlyTarget(double[][] y) {
        int found = -1;
        for (int t = 0; t < y.length; t++) {
            if (!Double.isNaN(y[t][0])) {
                assertEquals(-1, found, "one step has a target");
                found = t;
            }
        }
        return found;
    }

    @Test
    void additionAndMultiplicationCombineTheTwoMarkedValuesAtTheEnd() {
        for (boolean product : new boolean[] {false, true}) {
            List<Sequence> data = product ? LongLagProblems.multiplication(100, 2000, 3, "x", "y")
                    : LongLagProblems.addition(100, 2000, 3, "x", "y");
            double mean = 0;
            for (Sequence s : data) {
                assertTrue(s.length() >= 100 && s.length() <= 110, "length " + s.length());
                double[][] x = s.inputs().get("x");
                double[][] y = s.targets().get("y");
                List<Integer> marks = marked(x, 1);
                assertEquals(2, marks.size());
                assertTrue(marks.get(0) < 0.1 * s.length(), "first mark at " + marks.get(0));
                assertTrue(marks.get(1) >= (int) (0.1 * s.length()) && marks.get(1) < 0.5 * s.length(), "second mark at " + marks.get(1));
                assertEquals(s.length() - 1, onlyTarget(y));
                double a = x[marks.get(0)][0];
                double b = x[marks.get(1)][0];
                assertEquals(product ? a * b : a + b, y[s.length() - 1][0], 0);
                mean += y[s.length() - 1][0] / data.size();
            }
            // two independent uniform values: their sum has mean 1, their product 1/4
            assertEquals(product ? 0.25 : 1.0, mean, 0.03);
        }
    }

    @Test
    void xorOfTheTwoMarkedBits() {
        int ones = 0;
        for (Sequence s : LongLagProblems.xor(200, 1000, 5, "x", "y")) {
            double[][] x = s.inputs().get("x");
            for (double[] row : x) {
                assertTrue(row[0] == 0 || row[0] == 1);
            }
            List<Integer> marks = marked(x, 1);
            assertEquals(2, marks.size());
            assertTrue(marks.get(1) >= (int) (0.15 * s.length()) && marks.get(1) < 0.25 * s.length());
            double target = s.targets().get("y")[s.length() - 1][0];
            assertEquals(x[marks.get(0)][0] != x[marks.get(1)][0] ? 1 : 0, target);
            ones += (int) target;
        }
        assertTrue(ones > 430 && ones < 570, ones + " of 1000 are 1");
    }

    @Test
    void temporalOrderClassIsTheOrderOfTheRelevantSymbols() {
        for (int k = 2; k <= 3; k++) {
            int[] perClass = new int[1 << k];
            for (Sequence s : LongLagProblems.temporalOrder(k, 100, 800, 7, "x", "y")) {
                double[][] x = s.inputs().get("x");
                int cls = 0;
                int relevant = 0;
                for (double[] row : x) {
                    assertEquals(1.0, java.util.Arrays.stream(row).sum(), 0, "one symbol a step");
                    if (row[4] == 1 || row[5] == 1) {
                        relevant++;
                        cls = 2 * cls + (row[5] == 1 ? 1 : 0);
                    }
                }
                assertEquals(k, relevant);
                double[] target = s.targets().get("y")[s.length() - 1];
                assertEquals(1.0, target[cls]);
                perClass[cls]++;
            }
            for (int c : perClass) {
                assertTrue(c > 800 / (1 << k) / 2, java.util.Arrays.toString(perClass));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LongLagProblems.temporalOrder(4, 100, 1, 1, "x", "y"));
    }

    @Test
    void randomPermutationAsksForTheFirstSymbol() {
        for (Sequence s : LongLagProblems.randomPermutation(50, 200, 9, "x", "y")) {
            double[][] x = s.inputs().get("x");
            int first = marked(new double[][] {x[0]}, 0).isEmpty() ? 1 : 0;
            assertEquals(1.0, x[0][first]);
            for (int t = 1; t < 50; t++) {
                assertEquals(0.0, x[t][0] + x[t][1], "symbols 0 and 1 only at the start");
            }
            assertEquals(1.0, s.targets().get("y")[49][first]);
            assertTrue(Double.isNaN(s.targets().get("y")[48][0]));
        }
    }

    @Test
    void memorisationGivesThePatternBackAfterTheTrigger() {
        for (Sequence s : LongLagProblems.memorisation(30, 50, 11, "x", "y")) {
            double[][] x = s.inputs().get("x");
            double[][] y = s.targets().get("y");
            assertEquals(1.0, x[30 - 6][3], "trigger");
            for (int i = 0; i < 5; i++) {
                int bit = x[i][1] == 1 ? 1 : 0;
                assertEquals(1.0, x[i][bit]);
                assertEquals(1.0, y[30 - 5 + i][bit]);
                assertEquals(0.0, y[30 - 5 + i][1 - bit]);
            }
            for (int t = 0; t < 25; t++) {
                assertTrue(Double.isNaN(y[t][0]));
            }
        }
    }

    private static Plan plan(int inputs, int outputs) throws InvalidModelException {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, inputs));
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, outputs));
        y.setActivation(outputs > 1 ? Activation.SOFTMAX : Activation.LINEAR);
        y.setTarget(outputs > 1 ? UnitGroup.Loss.CROSS_ENTROPY : UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-y", "x", "y", Connection.Kind.FULL, 0));
        return Plan.compile(m);
    }

    @Test
    void eachProblemIsASpecForAModelOfItsShape() throws DataException, InvalidModelException {
        assertEquals(20, DataSpec.load("addition:length=30,count=20,seed=2", plan(2, 1)).size());
        assertEquals(20, DataSpec.load("temporal-order-3:length=30,count=20", plan(6, 8)).size());
        assertEquals(5, DataSpec.load("random-permutation:length=30,count=5", plan(100, 100)).size());
        assertEquals(5, DataSpec.load("memorisation:length=20,count=5", plan(4, 2)).size());
        DataException wrongShape = assertThrows(DataException.class, () -> DataSpec.load("temporal-order-2:length=30,count=5", plan(6, 8)));
        assertTrue(wrongShape.getMessage().contains("of 4 units"), wrongShape.getMessage());
        DataException tooShort = assertThrows(DataException.class, () -> DataSpec.load("memorisation:length=8,count=5", plan(4, 2)));
        assertTrue(tooShort.getMessage().contains("from 12"), tooShort.getMessage());
    }
}

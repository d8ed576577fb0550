package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;

class PlanTest {

    static Model binaryAdder() throws Exception {
        return ModelFile.read(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "binary-adder", "binary-adder.rnn")).model();
    }

    @Test
    void groupsComeAfterWhatTheyReadAtTheSameStep() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        m.addGroup(new UnitGroup("b", UnitGroup.Role.HIDDEN, 2));
        m.addGroup(new UnitGroup("a", UnitGroup.Role.HIDDEN, 2));
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        m.addConnection(new Connection("in-a", "in", "a", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("a-b", "a", "b", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("b-out", "b", "out", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("out-a", "out", "a", Connection.Kind.FULL, 1));
        Plan plan = Plan.compile(m);
        assertEquals(List.of("in", "a", "b", "out"), plan.groups().stream().map(UnitGroup::id).collect(Collectors.toList()));
    }

    @Test
    void theBinaryAdderUnrollsWithEachDelayReachingBack() throws Exception {
        Plan plan = Plan.compile(binaryAdder());
        Plan.Unrolled unrolled = plan.unroll(4);
        // 3 groups x 4 steps, plus the initial states read at step 0: input(-1) and hidden(-1)
        assertEquals(14, unrolled.nodes().size());
        assertTrue(unrolled.nodes().contains(new Plan.Node("hidden", -1)));
        assertTrue(unrolled.nodes().contains(new Plan.Node("input", -1)));
        // three connections at each of four steps
        assertEquals(12, unrolled.edges().size());
        assertTrue(unrolled.edges().contains(new Plan.Edge("hidden-output", new Plan.Node("hidden", 2), new Plan.Node("output", 3), "connection:hidden-output")));
        assertTrue(unrolled.edges().contains(new Plan.Edge("hidden-hidden", new Plan.Node("hidden", -1), new Plan.Node("hidden", 0), "connection:hidden-hidden")));
        // every edge goes from an earlier node to a later one in the listed order
        for (Plan.Edge e : unrolled.edges()) {
            assertTrue(unrolled.nodes().indexOf(e.from()) < unrolled.nodes().indexOf(e.to()), e.toString());
        }
    }

    @Test
    void parametersOfTheBinaryAdder() throws Exception {
        Plan plan = Plan.compile(binaryAdder());
        assertEquals(List.of("connection:input-hidden (2x3)", "connection:hidden-hidden (3x3)", "connection:hidden-output (3x1)",
                "bias:hidden (1x3)", "initial:hidden (1x3)", "bias:output (1x1)"),
                plan.parameters().stream().map(Object::toString).collect(Collectors.toList()));
    }

    @Test
    void sharedConnectionsUseOneParameterSet() throws Exception {
        Model m = binaryAdder();
        m.addGroup(new UnitGroup("hidden2", UnitGroup.Role.HIDDEN, 3));
        m.addConnection(new Connection("input-hidden2", "input", "hidden2", Connection.Kind.FULL, 1)).setSharedWeights("w");
        m.connection("input-hidden").setSharedWeights("w");
        m.addConnection(new Connection("hidden2-output", "hidden2", "output", Connection.Kind.FULL, 1));
        Plan plan = Plan.compile(m);
        Plan.ParameterSet a = plan.incoming(plan.groupIndex("hidden")).stream().filter(w -> w.connection().id().equals("input-hidden")).findFirst().orElseThrow().weights();
        Plan.ParameterSet b = plan.incoming(plan.groupIndex("hidden2")).get(0).weights();
        assertTrue(a == b, "one set of weights for w1 = w2");
        assertEquals("shared:w", a.name());
    }

    @Test
    void invalidModelsAreRefusedWithTheirDiagnostics() throws Exception {
        Model m = binaryAdder();
        m.connection("hidden-hidden").setDelay(0);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> Plan.compile(m));
        assertEquals("hidden-hidden", e.diagnostics().get(0).elementId());
    }

    /** The validator refuses such a model; ordering one that slips past it names the groups instead of looping forever. */
    @Test
    void aCycleWithoutADelayThatReachesTheOrderingIsNamed() throws Exception {
        Model m = binaryAdder();
        m.connection("hidden-hidden").setDelay(0);
        Method order = Plan.class.getDeclaredMethod("order", Model.class);
        order.setAccessible(true);
        InvocationTargetException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InvocationTargetException.class, () -> order.invoke(null, m)));
        assertTrue(e.getCause() instanceof InvalidModelException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("the group 'hidden' cannot be put in an order"), e.getCause().getMessage());
    }

    @Test
    void structureHashIgnoresLayoutButNotSizes() throws Exception {
        Model m = binaryAdder();
        String before = Plan.compile(m).structureHash();
        m.bounds().clear();
        m.setNotes("changed");
        assertEquals(before, Plan.compile(m).structureHash());
        m.group("hidden").setSize(4);
        assertNotEquals(before, Plan.compile(m).structureHash());
    }
}

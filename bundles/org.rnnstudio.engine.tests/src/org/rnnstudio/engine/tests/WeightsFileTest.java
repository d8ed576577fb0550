package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;

class WeightsFileTest {

    @Test
    void weightsRoundTripBitForBit(@TempDir Path dir) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network trained = new Network(plan);
        trained.initialize(Initialization.ORTHOGONAL, 1.3, 9);
        trained.value(plan.parameters().get(3)).data[0] = Math.PI / 7;
        Path file = dir.resolve("binary-adder.weights.json");
        WeightsFile.save(trained, file);
        Network loaded = new Network(plan);
        WeightsFile.load(loaded, file);
        for (Plan.ParameterSet p : plan.parameters()) {
            assertArrayEquals(trained.value(p).data, loaded.value(p).data, 0.0, p.name());
        }
        String text = Files.readString(file);
        assertTrue(text.contains("\"connection:hidden-hidden\""), text);
        assertTrue(text.contains("\"structure\": \"" + plan.structureHash() + "\""), text);
    }

    @Test
    void weightsOfAChangedModelAreRefusedAndNothingIsLoaded() throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network trained = new Network(plan);
        trained.initialize(Initialization.GLOROT, 1, 1);
        String text = WeightsFile.write(trained);

        Model changed = PlanTest.binaryAdder();
        changed.group("hidden").setSize(4);
        Network other = new Network(Plan.compile(changed));
        WeightsFile.WeightsException e = assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.read(other, text, "w.json"));
        assertTrue(e.getMessage().contains("another structure"), e.getMessage());
        for (Plan.ParameterSet p : other.plan().parameters()) {
            for (double v : other.value(p).data) {
                assertEquals(0.0, v);
            }
        }
    }

    @Test
    void brokenWeightsFilesSayWhatIsWrong() throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        String good = WeightsFile.write(network);
        assertTrue(assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.read(network, "{", "w.json"))
                .getMessage().startsWith("w.json is not valid JSON"));
        String shortened = good.replaceFirst("\"rows\": 2", "\"rows\": 5");
        assertTrue(assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.read(network, shortened, "w.json"))
                .getMessage().contains("connection:input-hidden should be 2x3"));
        String newer = good.replace("rnnstudio-weights/1", "rnnstudio-weights/9");
        assertTrue(assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.read(network, newer, "w.json"))
                .getMessage().contains("rnnstudio-weights/9"));
    }
}

package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** Weights files that must not load, and the writer that must not hold a whole file in memory. */
class WeightsRefusalsTest {

    private static final String SET = "connection:hidden-hidden";

    private static String refusal(String text) throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        return assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.read(network, text, "w.json")).getMessage();
    }

    /** The adder's weights with the first value of the recurrent set written as the given JSON text. */
    private static String withFirstRecurrentValue(String written) throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        Plan.ParameterSet recurrent = network.plan().parameters().stream().filter(p -> p.name().equals(SET)).findFirst().orElseThrow();
        network.value(recurrent).data[0] = 0.123456789;
        String good = WeightsFile.write(network);
        assertTrue(good.contains("0.123456789"), good);
        return good.replace("0.123456789", written);
    }

    @Test
    void aValueBeyondADoubleIsRefusedNamingItsParameterSetHoweverItIsWritten() throws Exception {
        for (String value : new String[] {"1e309", "-1e400", "1E+999", "123456789e999"}) {
            String message = refusal(withFirstRecurrentValue(value));
            assertTrue(message.contains("value 0 of " + SET) && message.contains("beyond the range of a double"), value + ": " + message);
            assertTrue(message.contains("line "), message);
        }
        for (String value : new String[] {"NaN", "Infinity", "-Infinity", "\"NaN\"", "1" + "0".repeat(5000)}) {
            String message = refusal(withFirstRecurrentValue(value));
            assertTrue(message.contains("value 0 of " + SET), value + ": " + message);
            assertFalse(message.contains("LENIENT") || message.contains("Exception"), message);
        }
    }

    @Test
    void nothingIsLoadedWhenOneValueIsRefused() throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        String text = withFirstRecurrentValue("1e309");
        assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.read(network, text, "w.json"));
        for (Plan.ParameterSet p : network.plan().parameters()) {
            for (double v : network.value(p).data) {
                assertEquals(0.0, v, p.name());
            }
        }
    }

    @Test
    void repeatedKeysAndExtraValuesAreRefused() throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        String good = WeightsFile.write(network);
        String twice = good.replaceFirst("\"rows\": 3", "\"rows\": 3, \"rows\": 3");
        assertTrue(refusal(twice).contains("the key \"rows\" appears twice"), refusal(twice));
        String longer = good.replaceFirst("\"values\": \\[", "\"values\": [0.5, ");
        assertTrue(refusal(longer).contains("but there are more"), refusal(longer));
    }

    @Test
    void aByteOrderMarkIsAcceptedAndLatin1IsNamed(@TempDir Path dir) throws Exception {
        Network trained = new Network(Plan.compile(PlanTest.binaryAdder()));
        trained.initialize(Initialization.GLOROT, 1, 3);
        Path file = dir.resolve("bom.weights.json");
        Files.write(file, ("\ufeff" + WeightsFile.write(trained, "\u00e9t\u00e9")).getBytes(StandardCharsets.UTF_8));
        Network loaded = new Network(trained.plan());
        WeightsFile.load(loaded, file);
        for (Plan.ParameterSet p : trained.plan().parameters()) {
            assertArrayEquals(trained.value(p).data, loaded.value(p).data, 0.0, p.name());
        }
        Files.write(file, WeightsFile.write(trained, "\u00e9t\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        String message = assertThrows(WeightsFile.WeightsException.class, () -> WeightsFile.load(loaded, file)).getMessage();
        assertTrue(message.contains("not UTF-8 text"), message);
    }

    @Test
    void weightsThatAreNotFiniteAreNeverSaved(@TempDir Path dir) throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        network.value(network.plan().parameters().get(1)).data[2] = Double.NaN;
        Path file = dir.resolve("nan.weights.json");
        IOException e = assertThrows(IOException.class, () -> WeightsFile.save(network, file));
        assertTrue(e.getMessage().contains("value 2 of " + network.plan().parameters().get(1).name()), e.getMessage());
        assertFalse(Files.exists(file));
    }

    /**
     * The writer streams: the first bytes leave before the last value is turned into text. The sink changes the
     * last value when the first bytes arrive; a writer that built the whole text first would still write the old one.
     */
    @Test
    void theWriterStreamsValueByValue() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 300));
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 300));
        m.addConnection(new Connection("c", "in", "out", Connection.Kind.FULL, 0));
        Network network = new Network(Plan.compile(m));
        network.initialize(Initialization.GLOROT, 1, 1);
        Plan.ParameterSet last = network.plan().parameters().get(network.plan().parameters().size() - 1);
        double[] values = network.value(last).data;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (bytes.size() == 0) {
                    values[values.length - 1] = 0.25;
                }
                bytes.write(b, off, len);
            }
        };
        values[values.length - 1] = 0.75;
        OutputStreamWriter writer = new OutputStreamWriter(sink, StandardCharsets.UTF_8);
        WeightsFile.write(network, null, writer);
        Network back = new Network(network.plan());
        WeightsFile.read(back, bytes.toString(StandardCharsets.UTF_8), "streamed");
        assertEquals(0.25, back.value(last).data[values.length - 1], "the last value was converted after the first bytes were written");
    }
}

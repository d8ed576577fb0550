package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Quoted;
import org.rnnstudio.model.TextFiles;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/** Model files a person should never have to debug: each is refused or corrected in words that say where and why. */
class ModelRefusalsTest {

    @TempDir
    Path dir;

    private static String adder() throws Exception {
        return Files.readString(Examples.file("binary-adder/binary-adder.rnn"));
    }

    private static String all(ModelFile.ReadResult r) {
        return r.diagnostics().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
    }

    private static Diagnostic onlyError(String text) {
        ModelFile.ReadResult r = ModelFile.read(text);
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).collect(Collectors.toList());
        assertEquals(1, errors.size(), all(r));
        assertFalse(errors.get(0).message().contains("LENIENT") || errors.get(0).message().contains("setStrictness")
                || errors.get(0).message().contains("Exception"), errors.get(0).message());
        return errors.get(0);
    }

    @Test
    void aRepeatedKeyIsRefusedNamingTheKeyAndLine() {
        Diagnostic d = onlyError("{\n  \"format\": \"rnnstudio-model/1\",\n  \"name\": \"a\",\n  \"name\": \"b\"\n}");
        assertEquals("the key \"name\" appears twice in one object", d.message());
        assertEquals(4, d.line());
    }

    @Test
    void numbersTooLongOrOutOfRangeAreCalledThatNotMalformed() {
        Diagnostic longNumber = onlyError("{\"format\": \"rnnstudio-model/1\",\n \"groups\": [{\"id\": \"h\", \"size\": " + "1".repeat(100_000) + "}]}");
        assertTrue(longNumber.message().startsWith("a number of 100000 characters is too long"), longNumber.message());
        assertEquals(2, longNumber.line());
        assertTrue(longNumber.column() > 30, longNumber.toString());
        Diagnostic big = onlyError("{\"format\": \"rnnstudio-model/1\", \"groups\": [{\"id\": \"h\", \"size\": 1e400}]}");
        assertTrue(big.message().contains("'1e400' is out of range"), big.message());
        Diagnostic nan = onlyError("{\"format\": \"rnnstudio-model/1\", \"groups\": [{\"id\": \"h\", \"size\": NaN}]}");
        assertTrue(nan.message().startsWith("malformed JSON: not JSON here: 'NaN'"), nan.message());
    }

    @Test
    void aSizeOfATrillionIsOutOfRangeNotFractional() {
        ModelFile.ReadResult r = ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [{\"id\": \"h\", \"size\": 1000000000000}]}");
        assertTrue(all(r).contains("error in 'h': \"size\" is '1000000000000', out of range"), all(r));
        assertFalse(all(r).contains("whole number"), all(r));
    }

    @Test
    void aBendPointThatIsNotTwoNumbersIsNamedNotThrown() throws Exception {
        String text = adder().replaceFirst("\"bendpoints\": \\[", "\"bendpoints\": [[\"a\", 1], [1e300, 2], ");
        ModelFile.ReadResult r = ModelFile.read(text);
        assertNotNull(r.model());
        assertTrue(all(r).contains("a bend point is [x, y], two whole numbers from -1000000 to 1000000; '[\"a\",1]' ignored"), all(r));
        assertTrue(all(r).contains("'[1e300,2]' ignored"), all(r));
    }

    @Test
    void layoutValuesAreClampedWithAWarningSoThatAFigureCanBeSeen() {
        String text = "{\"format\": \"rnnstudio-model/1\", \"groups\": [{\"id\": \"in\", \"role\": \"input\", \"size\": 1}],"
                + "\"layout\": {\"groups\": {\"in\": {\"x\": 2147483647, \"y\": -5, \"width\": 2147483647, \"height\": 0}}}}";
        ModelFile.ReadResult r = ModelFile.read(text);
        Model.Bounds b = r.model().bounds().get("in");
        assertEquals(new Model.Bounds(ModelFile.MAX_COORDINATE, -5, ModelFile.MAX_FIGURE_SIZE, 1), b);
        assertTrue(all(r).contains("warning in 'in': layout \"x\" 2147483647 is outside -1000000 to 1000000; 1000000 is used"), all(r));
        assertTrue(all(r).contains("layout \"height\" 0 is outside 1 to 100000; 1 is used"), all(r));
        assertFalse(r.hasErrors(), all(r));
    }

    @Test
    void aByteOrderMarkIsAcceptedAndOtherEncodingsAreNamed() throws Exception {
        Path file = dir.resolve("bom.rnn");
        Files.write(file, ("\ufeff" + adder()).getBytes(StandardCharsets.UTF_8));
        assertFalse(ModelFile.read(file).hasErrors());

        Files.write(file, adder().replace("\"name\": \"Binary adder\"", "\"name\": \"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1));
        String latin1 = assertThrows(TextFiles.TextException.class, () -> ModelFile.read(file)).getMessage();
        assertTrue(latin1.matches(".*bom\\.rnn line \\d+, column \\d+: not UTF-8 text \\(byte 0xE9\\); save the file as UTF-8"), latin1);
        Files.write(file, adder().getBytes(StandardCharsets.UTF_16));
        assertTrue(assertThrows(TextFiles.TextException.class, () -> ModelFile.read(file)).getMessage().endsWith("is UTF-16 text, not UTF-8 text: save it as UTF-8"));
    }

    @Test
    void aModelFileBeyondTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path file = dir.resolve("huge.rnn");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(TextFiles.MAX_MODEL_FILE + 1);
        }
        assertTrue(assertThrows(TextFiles.TextException.class, () -> ModelFile.read(file)).getMessage().endsWith("is larger than 16 MB, the limit for this kind of file"));
    }

    @Test
    void quotesAreShortAndEscaped() {
        assertEquals("'a\\u0000b\\u001b\\''", Quoted.of("a\u0000b\u001b'"));
        String q = Quoted.of("z".repeat(45_000_000));
        assertEquals("'" + "z".repeat(Quoted.MAX) + "'... (45000000 characters)", q);
    }

    @Test
    void anEmptyModelAndAnOutputWithoutInputsWarn() {
        List<Diagnostic> empty = Validator.validate(new Model());
        assertEquals(1, empty.size(), empty.toString());
        assertEquals("warning: the model is empty: it has no groups to train or run", empty.get(0).toString());

        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 2));
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        List<Diagnostic> found = Validator.validate(m);
        assertTrue(found.stream().anyMatch(d -> !d.isError() && "out".equals(d.elementId())
                && d.message().equals("no connection goes into output group 'out': it cannot learn from the inputs")), found.toString());
        assertNull(found.stream().filter(Diagnostic::isError).findFirst().orElse(null), found.toString());
    }
}

package org.rnnstudio.cli.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Runs the command line's Main with captured output, as a person runs ./rnnstudio without a console. */
final class Cli {

    /** What one run printed and how it ended. */
    record Run(int code, String out, String err) {
    }

    private Cli() {
    }

    /** A copy of the lecture's binary adder example in a folder, for a test to train and change. */
    static Path adderIn(Path folder) throws Exception {
        Path adder = folder.resolve("binary-adder.rnn");
        Files.copy(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "binary-adder", "binary-adder.rnn"), adder);
        return adder;
    }

    /** Main's constructor is package-private: the fragment shares its package loader. */
    static Run run(String... args) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Class<?> main = Class.forName("org.rnnstudio.cli.Main");
        Constructor<?> c = main.getDeclaredConstructor(PrintStream.class, PrintStream.class, boolean.class);
        c.setAccessible(true);
        Object m = c.newInstance(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), false);
        Method run = main.getDeclaredMethod("run", String[].class);
        run.setAccessible(true);
        int code = (int) run.invoke(m, (Object) args);
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}

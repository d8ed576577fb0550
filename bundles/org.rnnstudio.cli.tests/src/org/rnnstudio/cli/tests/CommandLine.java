package org.rnnstudio.cli.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/** The command line's entry point run in this JVM, with what it prints kept (Main is package-private: the fragment shares its loader). */
final class CommandLine {

    /** The exit code and what went to standard output and standard error. */
    record Ran(int code, String out, String err) {
    }

    private CommandLine() {
    }

    static Ran run(String... args) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Class<?> main = Class.forName("org.rnnstudio.cli.Main");
        Constructor<?> c = main.getDeclaredConstructor(PrintStream.class, PrintStream.class, boolean.class);
        c.setAccessible(true);
        Object m = c.newInstance(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), false);
        Method run = main.getDeclaredMethod("run", String[].class);
        run.setAccessible(true);
        int code = (int) run.invoke(m, (Object) args);
        return new Ran(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}

package org.rnnstudio.cli.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/** The command line's entry point run in this process, its output captured. */
final class CommandLine {

    /** The exit code and what went to standard output and standard error. */
    record Result(int code, String out, String err) {
    }

    private CommandLine() {
    }

    /**
     * Runs Main as ./rnnstudio would (Main's constructor is package-private: the fragment shares its package
     * loader). Whatever Main throws, an OutOfMemoryError included, is thrown here unwrapped.
     */
    static Result run(String... args) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Class<?> main = Class.forName("org.rnnstudio.cli.Main");
        Constructor<?> c = main.getDeclaredConstructor(PrintStream.class, PrintStream.class, boolean.class);
        c.setAccessible(true);
        Object m = c.newInstance(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), false);
        Method run = main.getDeclaredMethod("run", String[].class);
        run.setAccessible(true);
        try {
            int code = (int) run.invoke(m, (Object) args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) thrown.getCause();
        }
    }
}

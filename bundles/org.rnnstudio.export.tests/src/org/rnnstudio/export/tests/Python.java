package org.rnnstudio.export.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's /usr/bin/python3, for checks with NumPy and ONNX's own package where they are installed. */
final class Python {

    private Python() {
    }

    /** Whether /usr/bin/python3 can import these modules. */
    static boolean has(String modules) throws Exception {
        return run("import " + modules) == 0;
    }

    /** What a script file printed (standard output and error), run with arguments; fails the test if it does not end with 0. */
    static String output(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(300, TimeUnit.SECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!ended || p.exitValue() != 0) {
                throw new AssertionError(script + (ended ? " ended with " + p.exitValue() : " did not end within 300 s") + ":\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Runs a script with arguments; returns its exit code (-1 without Python, -2 when it hangs), printing its output when it fails. */
    static int run(String script, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return -1;
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        // the output goes to a file: reading a pipe to its end would wait for a process that hangs
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                System.out.println("/usr/bin/python3 did not end within 300 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
                return -2;
            }
            if (p.exitValue() != 0 && args.length > 0) {
                System.out.println(Files.readString(log, StandardCharsets.UTF_8));
            }
            return p.exitValue();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

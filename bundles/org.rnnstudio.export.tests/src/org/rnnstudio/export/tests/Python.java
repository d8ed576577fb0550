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

    /** Runs a script with arguments; returns its exit code (-1 without Python), printing its output when it fails. */
    static int run(String script, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return -1;
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0 && args.length > 0) {
            System.out.println(output);
        }
        return p.exitValue();
    }
}

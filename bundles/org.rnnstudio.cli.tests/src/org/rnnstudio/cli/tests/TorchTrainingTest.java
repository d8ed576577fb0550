package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.CsvData;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.ModelFile;

/**
 * The way to a cluster and back (docs/scale-out.md): the data command's CSV, the PyTorch export, two
 * processes of torchrun (gloo, CPU) training the binary adder with DistributedDataParallel, and the weights
 * they write imported into the studio's weights file, where the engine finds the loss PyTorch reported.
 */
class TorchTrainingTest {

    @Test
    void theDataCommandWritesTheSequencesTheLoaderReadsBack(@TempDir Path dir) throws Exception {
        Path adder = Cli.adderIn(dir);
        Path csv = dir.resolve("data.csv");
        Cli.Run run = Cli.run("data", "binary-adder:bits=4,count=20", "--model", adder.toString(), "--out", csv.toString());
        assertEquals(0, run.code(), run.err());
        Plan plan = Plan.compile(ModelFile.read(adder).model());
        List<Sequence> generated = DataSpec.load("binary-adder:bits=4,count=20", plan);
        List<Sequence> read = CsvData.read(csv, plan, true);
        assertEquals(generated.size(), read.size());
        for (int s = 0; s < read.size(); s++) {
            assertEquals(generated.get(s).length(), read.get(s).length());
            for (int t = 0; t < read.get(s).length(); t++) {
                assertTrue(java.util.Arrays.equals(generated.get(s).inputs().get("input")[t], read.get(s).inputs().get("input")[t]), "input " + s + "/" + t);
                assertTrue(java.util.Arrays.equals(generated.get(s).targets().get("output")[t], read.get(s).targets().get("output")[t]), "target " + s + "/" + t);
            }
        }
    }

    @Test
    void weightsOfAnotherShapeAreRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path adder = Cli.adderIn(dir);
        Path npz = dir.resolve("adder.npz");
        assertEquals(0, Cli.run("export", adder.toString(), "--format", "npz", "--out", npz.toString()).code());
        Path wider = dir.resolve("wider.rnn");
        Files.writeString(wider, Files.readString(adder).replace("\"size\": 3,", "\"size\": 4,"));
        Cli.Run run = Cli.run("import", npz.toString(), "--into", wider.toString());
        assertEquals(1, run.code());
        assertEquals("rnnstudio: import: " + npz + ": array 'connection:input-hidden' is [2, 3], but the model's connection:input-hidden is [2, 4]\n",
                run.err());
        assertTrue(!Files.exists(dir.resolve("wider.weights.json")), "nothing is written");
    }

    @Test
    void twoProcessesOfTorchrunTrainTheAdderAndTheStudioFindsTheSameLoss(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/torchrun")), "no torchrun here (.ci/run installs python3-torch)");
        Path adder = Cli.adderIn(dir);
        Path csv = dir.resolve("adder.csv");
        Path pkg = dir.resolve("adder-torch");
        assertEquals(0, Cli.run("data", "binary-adder:bits=6,count=256", "--model", adder.toString(), "--out", csv.toString()).code());
        Cli.Run export = Cli.run("export", adder.toString(), "--format", "torch", "--out", pkg.toString());
        assertEquals(0, export.code(), export.err());

        torchrun(dir, pkg.resolve("trained.json"), pkg.resolve("train.py").toString(), "--data", csv.toString(), "--epochs", "4", "--batch", "8");

        JsonObject report = JsonParser.parseString(Files.readString(pkg.resolve("trained.json"))).getAsJsonObject();
        assertEquals(2, report.get("processes").getAsInt());
        JsonArray epochs = report.getAsJsonArray("epochs");
        assertEquals(4, epochs.size());
        double first = epochs.get(0).getAsDouble();
        double last = epochs.get(epochs.size() - 1).getAsDouble();
        assertTrue(last < first, "the loss falls from epoch to epoch: " + epochs);
        assertTrue(report.get("loss").getAsDouble() < report.get("before").getAsDouble(), "the trained weights do better than the initial ones: " + report);

        Cli.Run imported = Cli.run("import", pkg.toString(), "--into", adder.toString());
        assertEquals(0, imported.code(), imported.err());
        Plan plan = Plan.compile(ModelFile.read(adder).model());
        Network network = new Network(plan);
        WeightsFile.load(network, dir.resolve("binary-adder.weights.json"));
        double loss = new Trainer(network).evaluate(CsvData.read(csv, plan, true), 256)[0];
        double pytorch = report.get("loss").getAsDouble();
        System.out.println(String.format(java.util.Locale.ROOT, "torchrun, 2 processes: loss %.6f -> %.6f; final %.12f, the engine's %.12f", first, last,
                pytorch, loss));
        assertEquals(pytorch, loss, 1e-9 * pytorch, "the engine finds the loss PyTorch reported for the weights it wrote");
    }

    /**
     * Runs two processes of torchrun on this machine alone: a static rendezvous on the loopback at a free port
     * and gloo on the loopback interface, so that nothing depends on what the host name resolves to; its
     * output goes to a file, so that a process that hangs cannot hang the test.
     * <ul>
     * <li>A run that has not reached train.py's first line (written once the process group stands) within 240 s
     * says that this machine cannot start a process group, which is no fault of the exported package: the test is
     * skipped with torchrun's output.</li>
     * <li>Once train.py has written its last line, its weights and its report (the report last, atomically), the
     * run's work is done: a torchrun that then does not exit within 60 s (Debian's 1.13 did not, once in CI, with
     * the report complete) is ended, its processes named in the test's output, and the test goes on to check
     * what it wrote.</li>
     * <li>Any other failure, or a hang in between, fails the test.</li>
     * </ul>
     */
    private static String torchrun(Path dir, Path report, String... script) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/torchrun", "--nnodes=1", "--nproc_per_node=2", "--rdzv_backend=static",
                "--master_addr=127.0.0.1", "--master_port=" + port,
                // Debian's torchrun 1.13 under Python 3.11 cannot parse the default of these two, 0
                "--redirects", "2", "--tee", "2"));
        command.addAll(List.of(script));
        Path log = dir.resolve("torchrun.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("GLOO_SOCKET_IFNAME", "lo");
        Process p = builder.start();
        long start = System.nanoTime();
        long finished = -1;
        while (!p.waitFor(1, TimeUnit.SECONDS)) {
            long now = System.nanoTime();
            if (finished < 0 && Files.exists(report) && Files.readString(log, StandardCharsets.UTF_8).contains("final loss")) {
                finished = now;
            }
            if (finished >= 0 ? now - finished > TimeUnit.SECONDS.toNanos(60) : now - start > TimeUnit.SECONDS.toNanos(240)) {
                break;
            }
        }
        boolean ended = !p.isAlive();
        if (!ended) {
            StringBuilder tree = new StringBuilder();
            p.descendants().forEach(d -> tree.append("\n  ").append(d.pid()).append(' ').append(d.info().commandLine().orElse("?")));
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            System.out.println("torchrun did not exit " + (finished >= 0 ? "within 60 s of train.py's last line; ended it and its processes:" : "in time:")
                    + tree);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended && finished < 0) {
            Assumptions.assumeTrue(output.contains("loss before training"),
                    "torchrun could not start a process group on this machine's loopback within 240 s:\n" + output);
            throw new AssertionError("train.py hung after the process group stood (240 s):\n" + output);
        }
        if (ended) {
            assertEquals(0, p.exitValue(), output);
        }
        return output;
    }
}

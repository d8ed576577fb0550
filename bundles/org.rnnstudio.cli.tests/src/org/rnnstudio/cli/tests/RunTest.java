package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What run writes. */
class RunTest {

    @TempDir
    Path dir;

    @Test
    void runKeepsTheNamesOfTheInputsSequences() throws Exception {
        Path adder = Cli.adderIn(dir);
        Cli.Run trained = Cli.run("train", adder.toString(), "--data", "binary-adder:bits=3,count=20", "--epochs", "1");
        assertEquals(0, trained.code(), trained.err());
        Path in = dir.resolve("sums.csv");
        Files.writeString(in, "sequence,input.0,input.1\nseven,1,1\nseven,1,0\n2024-01,0,0\nq 3,1,1\nq 3,0,1\nq 3,1,1\n");
        Path outFile = dir.resolve("out.csv");
        Cli.Run ran = Cli.run("run", adder.toString(), "--weights", dir.resolve("binary-adder.weights.json").toString(), "--input",
                in.toString(), "--output", outFile.toString());
        assertEquals(0, ran.code(), ran.err());
        List<String> rows = Files.readAllLines(outFile);
        assertEquals(List.of("seven", "seven", "2024-01", "q 3", "q 3", "q 3"), rows.subList(1, rows.size()).stream().map(r -> r.split(",")[0]).toList());
    }
}

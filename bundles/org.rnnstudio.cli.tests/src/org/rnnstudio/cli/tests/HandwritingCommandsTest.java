package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.ctc.Ctc;
import org.rnnstudio.engine.ctc.CtcDecoder;
import org.rnnstudio.engine.pen.HandwritingData;
import org.rnnstudio.engine.pen.PenTrajectory;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.ModelFile;

import com.google.gson.JsonParser;

/** The command line with a ctc output: eval gives CTC's loss and error rates, read turns a trajectory into text. */
class HandwritingCommandsTest {

    private static final String IDENTITY = """
            { "format": "rnnstudio-model/1", "name": "ctc of the logits",
              "groups": [
                { "id": "logits", "role": "input", "size": 4 },
                { "id": "letters", "role": "output", "size": 4, "activation": "softmax", "bias": false, "target": { "loss": "ctc" } }
              ],
              "connections": [ { "id": "copy", "from": "logits", "to": "letters", "kind": "identity" } ] }
            """;

    /** A softmax output fed by an identity connection: eval's loss is CTC's loss of the input logits, its mean over the sequences. */
    @Test
    void evalOfAnIdentityModelIsTheCtcLossOfItsInput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("ctc.rnn");
        Files.writeString(model, IDENTITY);
        Plan plan = Plan.compile(ModelFile.read(model).model());
        Path weights = dir.resolve("ctc.weights.json");
        WeightsFile.save(new Network(plan), weights);
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("sequence,logits.0,logits.1,logits.2,logits.3,letters.labels\n");
        int[][] labels = {{1, 2, 2}, {3}, {1, 3, 1, 2}};
        int[] lengths = {9, 4, 12};
        double expected = 0;
        for (int n = 0; n < labels.length; n++) {
            double[][] logits = new double[lengths[n]][4];
            for (int t = 0; t < lengths[n]; t++) {
                csv.append('s').append(n);
                for (int c = 0; c < 4; c++) {
                    logits[t][c] = 2 * random.nextGaussian();
                    csv.append(',').append(logits[t][c]);
                }
                csv.append(',');
                if (t == 0) {
                    for (int i = 0; i < labels[n].length; i++) {
                        csv.append(i == 0 ? "" : " ").append(labels[n][i]);
                    }
                }
                csv.append('\n');
            }
            expected += Ctc.loss(logits, lengths[n], labels[n], null) / labels.length;
        }
        Path data = dir.resolve("data.csv");
        Files.writeString(data, csv);
        Cli.Run eval = Cli.run("eval", model.toString(), "--weights", weights.toString(), "--data", data.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains(String.format(Locale.ROOT, "loss %.6f", expected)), expected + " in " + eval.out());
        assertTrue(eval.out().contains("character error rate"), eval.out());

        Path gradient = dir.resolve("grad.json");
        Cli.Run grad = Cli.run("grad", model.toString(), "--weights", weights.toString(), "--data", data.toString(), "--output", gradient.toString());
        assertEquals(0, grad.code(), grad.err());
        assertEquals(expected, JsonParser.parseString(Files.readString(gradient)).getAsJsonObject().get("loss").getAsDouble(), 1e-12);
    }

    @Test
    void anImpossibleLabelSequenceIsOneLineNamingTheSequence(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("ctc.rnn");
        Files.writeString(model, IDENTITY);
        Path weights = dir.resolve("ctc.weights.json");
        WeightsFile.save(new Network(Plan.compile(ModelFile.read(model).model())), weights);
        Path data = dir.resolve("data.csv");
        Files.writeString(data, "sequence,logits.0,logits.1,logits.2,logits.3,letters.labels\ntoo-short,0,0,0,0,1 2\n");
        Cli.Run eval = Cli.run("eval", model.toString(), "--weights", weights.toString(), "--data", data.toString());
        assertEquals(1, eval.code());
        assertTrue(eval.err().contains("'too-short'") && eval.err().strip().lines().count() == 1, eval.err());
    }

    private static final String READER = """
            { "format": "rnnstudio-model/1", "name": "reader",
              "groups": [
                { "id": "pen", "role": "input", "size": 3 },
                { "id": "letters", "role": "output", "size": 27, "activation": "softmax", "target": { "loss": "ctc" } }
              ],
              "cells": [ { "id": "ahead", "kind": "lstm", "size": 4 }, { "id": "back", "kind": "lstm", "size": 4, "reverse": true } ],
              "connections": [
                { "id": "pen-ahead", "from": "pen", "to": "ahead" }, { "id": "pen-back", "from": "pen", "to": "back" },
                { "id": "ahead-letters", "from": "ahead", "to": "letters" }, { "id": "back-letters", "from": "back", "to": "letters" }
              ] }
            """;

    /** read prints what prefix beam search reads off the network's posteriors over the normalised trajectory. */
    @Test
    void readPrintsThePrefixBeamSearchOfTheTrajectory(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("reader.rnn");
        Files.writeString(model, READER);
        Plan plan = Plan.compile(ModelFile.read(model).model());
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 3, 5);
        Path weights = dir.resolve("reader.weights.json");
        WeightsFile.save(network, weights);
        Path trajectory = dir.resolve("word.csv");
        Files.writeString(trajectory, "stroke,x,y\n1,0,0\n1,10,30\n1,20,0\n1,30,25\n2,40,10\n2,45,12\n");
        double[][] steps = HandwritingData.steps(PenTrajectory.readCsv(trajectory));
        double[][] posteriors = new Trainer(network).outputs(new Sequence(steps.length, Map.of("pen", steps), Map.of()), List.of("letters"))
                .get("letters");
        String expected = HandwritingData.text(CtcDecoder.prefixBeamSearch(posteriors, steps.length, 10));
        assertFalse(expected.isEmpty(), "weights this large read something");
        Cli.Run read = Cli.run("read", model.toString(), "--weights", weights.toString(), "--input", trajectory.toString());
        assertEquals(0, read.code(), read.err());
        assertEquals(expected, read.out().strip());

        Files.writeString(trajectory, "stroke,x,y\n1,0,0\n1,ten,3\n");
        Cli.Run bad = Cli.run("read", model.toString(), "--weights", weights.toString(), "--input", trajectory.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("line 3") && bad.err().strip().lines().count() == 1, bad.err());

        Cli.Run missing = Cli.run("read", model.toString(), "--weights", weights.toString(), "--input", dir.resolve("none.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no trajectory file") && missing.err().contains("none.csv"), missing.err());
    }
}

package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.ParameterCount;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.engine.Sampler;
import org.rnnstudio.engine.TextData;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.ui.analysis.EvaluateDialog;
import org.rnnstudio.ui.analysis.ModelSummaryDialog;
import org.rnnstudio.ui.analysis.SampleDialog;
import org.rnnstudio.ui.analysis.TrainedNetwork;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.history.RunHistoryView;
import org.rnnstudio.ui.history.RunOverlay;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.TrainingJob;

/** What ML people expect of a network designer: a summary, evaluation, sampling and the history of runs. */
class StudioAnalysisTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "analysis-test";
    }

    private static String example(String name, int epochs) throws Exception {
        String text = Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), name, name + ".rnn"));
        return text.replaceFirst("\"epochs\": \\d+,", "\"epochs\": " + epochs + ",");
    }

    private void train() throws Exception {
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        Ui.waitUntil(display, 5_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length > 0);
        assertTrue(Ui.waitUntil(display, 180_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(display, 300);
    }

    private Shell shell() {
        return page.getWorkbenchWindow().getShell();
    }

    @Test
    void theModelSummaryCountsTheAddingProblemsLstmAsKerasDoes() throws Exception {
        RnnEditor editor = open("adding-problem.rnn", example("adding-problem", 1));
        ModelSummaryDialog dialog = new ModelSummaryDialog(shell(), "adding-problem.rnn", ParameterCount.of(editor.document().model()));
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Ui.spin(display, 300);
            TableItem[] rows = dialog.table().getItems();
            TableItem total = rows[rows.length - 1];
            assertEquals("Total", total.getText(0));
            assertEquals("1,233", total.getText(3), "LSTM(16) on 2 inputs: 1,216, and 17 for the linear output");
            TableItem memory = java.util.Arrays.stream(rows).filter(r -> r.getText(0).equals("memory")).findFirst().orElseThrow();
            assertEquals("LSTM cell", memory.getText(1));
            Ui.screenshot(dialog.getShell(), "model-summary.png");
        } finally {
            dialog.close();
        }
    }

    @Test
    void evaluateShowsEverySequenceAndItsSteps() throws Exception {
        RnnEditor editor = open("binary-adder.rnn", example("binary-adder", 30));
        train();
        EvaluateDialog dialog = new EvaluateDialog(shell(), editor.file(), TrainedNetwork.of(editor), "binary-adder:bits=6,count=40,seed=7");
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            dialog.evaluate();
            Ui.spin(display, 300);
            assertEquals(40, dialog.sequences().getItemCount(), "one row per sequence");
            assertEquals("100%", dialog.sequences().getItem(0).getText(3), "the trained adder gets new sums right");
            int steps = Integer.parseInt(dialog.sequences().getItem(0).getText(1));
            assertTrue(steps >= 7, "6 bits and the carry out, at least: " + steps);
            assertEquals(steps, dialog.steps().getItemCount(), "one row per step of the selected sequence");
            assertTrue(dialog.confusion().getItem(0).getText(0).startsWith("Only for a softmax"), "a logistic output has no confusion matrix");
            Ui.screenshot(dialog.getShell(), "evaluate.png");
        } finally {
            dialog.close();
        }
    }

    @Test
    void sampleFromATextModelStartsWithThePrimeAndUsesItsCharacters() throws Exception {
        String text = "the cat sat on the mat. the dog sat on the log. ".repeat(12);
        project.getFile("story.txt").create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        int v = TextData.vocabulary(text).length();
        String model = "{\"format\": \"rnnstudio-model/1\", \"name\": \"story\", \"groups\": ["
                + "{\"id\": \"chars\", \"role\": \"input\", \"size\": " + v + "},"
                + "{\"id\": \"next\", \"role\": \"output\", \"size\": " + v + ", \"activation\": \"softmax\", \"target\": {\"loss\": \"cross-entropy\", \"schedule\": \"every-step\"}}],"
                + "\"cells\": [{\"id\": \"memory\", \"kind\": \"lstm\", \"size\": 24}],"
                + "\"connections\": [{\"id\": \"chars-memory\", \"from\": \"chars\", \"to\": \"memory\"}, {\"id\": \"memory-next\", \"from\": \"memory\", \"to\": \"next\"}],"
                + "\"training\": {\"data\": \"text:file=story.txt,length=20\", \"epochs\": 3, \"batch\": 8, \"optimizer\": \"adam\", \"learningRate\": 0.01}}";
        RnnEditor editor = open("story.rnn", model);
        train();
        TrainedNetwork trained = TrainedNetwork.of(editor);
        String vocabulary = WeightsFile.vocabulary(trained.weights());
        SampleDialog dialog = new SampleDialog(shell(), "story.rnn", new Sampler(trained.network(), vocabulary));
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            dialog.set("the ", 0.5, 60);
            dialog.sample();
            Ui.spin(display, 200);
            String sampled = dialog.output();
            assertTrue(sampled.startsWith("the "), sampled);
            assertEquals(64, sampled.length(), sampled);
            assertTrue(sampled.chars().allMatch(c -> vocabulary.indexOf(c) >= 0), "only the text's characters: " + sampled);
            Ui.screenshot(dialog.getShell(), "sample.png");
            dialog.set("the zebra", 0.5, 10);
            dialog.sample();
            assertEquals(sampled, dialog.output(), "an unknown character in the prime leaves the last sample and says why");
        } finally {
            dialog.close();
        }
    }

    @Test
    void everyRunIsKeptAndOneCanBeRestoredOrOverlaid() throws Exception {
        RnnEditor editor = open("binary-adder.rnn", example("binary-adder", 3));
        train();
        Path model = editor.file().getLocation().toFile().toPath();
        Path weights = model.resolveSibling("binary-adder.weights.json");
        String firstWeights = Files.readString(weights);
        org.rnnstudio.model.TrainingSettings settings = editor.document().model().training().copy();
        settings.seed = 2;
        org.rnnstudio.ui.training.TrainingHandlers.Settings.apply(editor, settings);
        train();
        assertFalse(firstWeights.equals(Files.readString(weights)), "another seed, other weights");

        RunHistoryView view = (RunHistoryView) PlatformUI.getWorkbench().getService(IHandlerService.class)
                .executeCommand("org.rnnstudio.ui.runHistory", null);
        Ui.spin(display, 300);
        List<RunHistory.Run> runs = view.runs();
        assertEquals(2, runs.size(), view.header());
        assertTrue(view.header().contains("binary-adder.rnn"), "the view names its model: " + view.header());
        RunHistory.Run first = runs.get(1);
        assertEquals(firstWeights, Files.readString(first.weights()), "the older run kept its weights");

        view.choose(List.of(first));
        assertEquals(List.of(first), RunOverlay.chosen(editor.file()), "the chosen run is offered to the Training view");
        Ui.screenshot(shell(), "run-history.png");

        RunHistoryView.restore(editor.file(), first);
        assertEquals(firstWeights, Files.readString(weights), "the first run's weights are the model's again");
        assertArrayEquals(Files.readAllBytes(first.weights()), Files.readAllBytes(weights));
    }
}

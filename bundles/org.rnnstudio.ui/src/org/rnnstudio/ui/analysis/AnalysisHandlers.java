package org.rnnstudio.ui.analysis;

import java.io.IOException;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.ParameterCount;
import org.rnnstudio.engine.Sampler;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.history.RunHistoryView;
import org.rnnstudio.ui.workbench.ActiveModel;

/** Model Summary, Evaluate, Sample and Run History: commands on the active editor's model; and the log N experiment, on none. */
public final class AnalysisHandlers {

    private AnalysisHandlers() {
    }

    /** Model Summary: parameter counts per element and units per step. */
    public static class Summary extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            RnnEditor editor = ActiveModel.editor(event);
            try {
                ModelSummaryDialog dialog = new ModelSummaryDialog(HandlerUtil.getActiveShell(event), editor.file().getName(),
                        ParameterCount.of(editor.document().model()));
                dialog.open();
                return dialog;
            } catch (InvalidModelException e) {
                MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Model Summary",
                        "The model has errors (see the Problems view), so its parameters cannot be counted yet.");
                return null;
            }
        }
    }

    /** Log N Capacity Experiment: shows its view and runs it with the settings there. */
    public static class Capacity extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            try {
                CapacityView view = (CapacityView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(CapacityView.ID);
                view.startFromFields();
                return view;
            } catch (PartInitException e) {
                throw new ExecutionException("the Log N Capacity view did not open", e);
            }
        }
    }

    /** Evaluate: the trained weights on a data set, per sequence. */
    public static class Evaluate extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            RnnEditor editor = ActiveModel.editor(event);
            TrainedNetwork trained = trained(event, editor, "Evaluate");
            if (trained == null) {
                return null;
            }
            org.rnnstudio.model.TrainingSettings t = editor.document().model().training();
            EvaluateDialog dialog = new EvaluateDialog(HandlerUtil.getActiveShell(event), editor.file(), trained, t == null ? "" : t.data);
            dialog.open();
            return dialog;
        }
    }

    /** Sample: text from a model trained on text. */
    public static class Sample extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            RnnEditor editor = ActiveModel.editor(event);
            TrainedNetwork trained = trained(event, editor, "Sample");
            if (trained == null) {
                return null;
            }
            String vocabulary;
            try {
                vocabulary = WeightsFile.vocabulary(trained.weights());
            } catch (IOException | RuntimeException e) {
                throw new ExecutionException("cannot read " + trained.weights() + ": " + e.getMessage(), e);
            }
            if (vocabulary == null) {
                MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Sample", editor.file().getName()
                        + " was not trained on text: Sample needs a model trained on text:file=... (the char-lm example is one).");
                return null;
            }
            SampleDialog dialog = new SampleDialog(HandlerUtil.getActiveShell(event), editor.file().getName(), new Sampler(trained.network(), vocabulary));
            dialog.open();
            return dialog;
        }
    }

    /** Run History: the view of the active model's kept runs. */
    public static class History extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            RnnEditor editor = ActiveModel.editor(event);
            try {
                RunHistoryView view = (RunHistoryView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(RunHistoryView.ID);
                view.show(editor.file());
                return view;
            } catch (PartInitException e) {
                throw new ExecutionException("the Run History view could not be shown", e);
            }
        }
    }

    private static TrainedNetwork trained(ExecutionEvent event, RnnEditor editor, String title) {
        try {
            return TrainedNetwork.of(editor);
        } catch (TrainedNetwork.NotTrained e) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), title, e.getMessage());
            return null;
        }
    }
}

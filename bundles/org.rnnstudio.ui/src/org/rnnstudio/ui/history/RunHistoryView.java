package org.rnnstudio.ui.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.workbench.Icons;

/**
 * The runs kept for the active editor's model, newest first: when each finished, how far it got and how it
 * ended. Ticked runs are overlaid in the Training view; Restore Weights makes a run's weights the model's
 * trained weights again (after a confirmation: the weights beside the model are kept as the newest run anyway).
 */
public class RunHistoryView extends ViewPart {

    public static final String ID = "org.rnnstudio.ui.runHistory";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Label header;
    private CheckboxTableViewer table;
    private IFile model;
    private Action restore;

    private final IPartListener2 editors = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference ref) {
            if (ref.getPart(false) instanceof RnnEditor editor) {
                show(editor.file());
            }
        }
    };

    private final IResourceChangeListener files = event -> {
        if (model != null && event.getDelta() != null && touchesRuns(event)) {
            header.getDisplay().asyncExec(() -> {
                if (!header.isDisposed()) {
                    show(model);
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.runHistory");
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        c.setLayout(layout);
        header = new Label(c, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        table = CheckboxTableViewer.newCheckList(c, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setContentProvider(ArrayContentProvider.getInstance());
        column("Finished", 180, r -> TIME.format(r.finished()));
        column("Epochs", 60, r -> r.last() == null ? "0" : String.format(Locale.ROOT, "%.0f", r.last()[0]));
        column("Loss", 90, r -> r.last() == null ? "" : String.format(Locale.ROOT, "%.5f", r.last()[1]));
        column("Accuracy", 80, r -> r.last() == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * r.last()[2]));
        column("Validation loss", 125, r -> r.last() == null || Double.isNaN(r.last()[3]) ? "" : String.format(Locale.ROOT, "%.5f", r.last()[3]));
        column("Seconds", 70, r -> r.last() == null || r.last().length < 6 ? "" : String.format(Locale.ROOT, "%.1f", r.last()[5]));
        column("Ending", 420, RunHistory.Run::ending);
        table.addCheckStateListener(e -> RunOverlay.choose(model, checked()));

        restore = new Action("Restore Weights", Icons.descriptor("restore")) {
            @Override
            public void run() {
                RunHistory.Run run = selected();
                if (run != null && MessageDialog.openConfirm(getSite().getShell(), "Restore Weights",
                        "Make the weights of the run of " + TIME.format(run.finished()) + " the trained weights of " + model.getName()
                                + "?\n\nThe weights beside the model now are replaced; they stay in the history as the run that made them.")) {
                    try {
                        restore(model, run);
                    } catch (IOException | CoreException e) {
                        MessageDialog.openError(getSite().getShell(), "Restore Weights", "Cannot restore: " + e.getMessage());
                    }
                }
            }
        };
        restore.setToolTipText("Restore Weights: make the selected run's weights the model's trained weights");
        restore.setEnabled(false);
        table.addSelectionChangedListener(e -> restore.setEnabled(selected() != null));
        IToolBarManager bar = getViewSite().getActionBars().getToolBarManager();
        bar.add(restore);
        MenuManager menu = new MenuManager();
        menu.add(restore);
        table.getTable().setMenu(menu.createContextMenu(table.getTable()));

        getSite().getPage().addPartListener(editors);
        ResourcesPlugin.getWorkspace().addResourceChangeListener(files, IResourceChangeEvent.POST_CHANGE);
        IEditorPart active = getSite().getPage().getActiveEditor();
        show(active instanceof RnnEditor editor ? editor.file() : null);
    }

    private void column(String title, int width, java.util.function.Function<RunHistory.Run, String> text) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((RunHistory.Run) element);
            }
        });
    }

    /** Lists the runs of a model; null shows that no model is active. */
    public void show(IFile file) {
        model = file;
        List<RunHistory.Run> runs = List.of();
        String problem = null;
        if (file != null && file.getLocation() != null) {
            try {
                runs = RunHistory.list(file.getLocation().toFile().toPath());
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        header.setText(file == null ? "No model: open a .rnn file to see its runs."
                : problem != null ? "Runs of " + file.getFullPath() + " cannot be read: " + problem
                : runs.size() + (runs.size() == 1 ? " run" : " runs") + " of " + file.getFullPath() + (runs.isEmpty() ? ": Train to make one." : ""));
        setContentDescription("");
        setPartName("Run History" + (file == null ? "" : " - " + file.getName()));
        List<RunHistory.Run> chosen = RunOverlay.chosen(file);
        table.setInput(runs);
        for (RunHistory.Run r : runs) {
            table.setChecked(r, chosen.stream().anyMatch(c -> c.folder().equals(r.folder())));
        }
        header.getParent().layout();
    }

    /** The runs listed now, newest first. */
    @SuppressWarnings("unchecked")
    public List<RunHistory.Run> runs() {
        return table.getInput() == null ? List.of() : (List<RunHistory.Run>) table.getInput();
    }

    /** Ticks runs to overlay, as a person would (tests use this). */
    public void choose(List<RunHistory.Run> runs) {
        table.setCheckedElements(runs.toArray());
        RunOverlay.choose(model, checked());
    }

    public String header() {
        return header.getText();
    }

    private List<RunHistory.Run> checked() {
        List<RunHistory.Run> runs = new ArrayList<>();
        for (Object o : table.getCheckedElements()) {
            runs.add((RunHistory.Run) o);
        }
        return runs;
    }

    private RunHistory.Run selected() {
        Object o = ((IStructuredSelection) table.getSelection()).getFirstElement();
        return o instanceof RunHistory.Run r ? r : null;
    }

    /** Copies a run's weights over the model's trained weights, atomically, and tells the workspace. */
    public static void restore(IFile model, RunHistory.Run run) throws IOException, CoreException {
        Path target = TrainingSession.weightsBeside(model.getLocation().toFile().toPath());
        AtomicFiles.write(target, Files.readAllBytes(run.weights()));
        model.getParent().refreshLocal(IResource.DEPTH_ONE, null);
    }

    private static boolean touchesRuns(IResourceChangeEvent event) {
        boolean[] found = {false};
        try {
            event.getDelta().accept(d -> {
                if (d.getResource().getName().endsWith(".runs")) {
                    found[0] = true;
                }
                return !found[0];
            });
        } catch (CoreException e) {
            return true;
        }
        return found[0];
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(editors);
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(files);
        super.dispose();
    }
}

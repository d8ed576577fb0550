package org.rnnstudio.ui.training;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.model.Model;

/**
 * A view of inference in the active editor's hidden-state model: recomputed in the background when another
 * model becomes active and when a run of it ends; the header names the model, the weights and the data.
 * Its context menu is the one every picture shares (copy, PNG, SVG, CSV).
 */
abstract class HiddenStateView extends ViewPart implements TrainingRun.Listener {

    protected Canvas canvas;
    private ModelFollower follower;
    private volatile HiddenStateInference shown;
    private Job job;

    protected abstract Model.Kind kind();

    protected abstract void paint(Drawing gc, HiddenStateInference inference);

    /** The numbers the picture shows, as CSV with a header line. */
    protected abstract String csv(HiddenStateInference inference);

    /** Called on the UI thread when a new inference is on show, before it is painted. */
    protected void arrived(HiddenStateInference inference) {
        // most views need nothing but the paint
    }

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help." + org.rnnstudio.model.ModelFile.fileName(kind()));
        parent.setLayout(new FillLayout());
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(Drawing.on(e.gc)));
        ChartMenus.attach(canvas, this::paint, this::csv);
        follower = new ModelFollower(getSite().getPage(), this::recompute);
        TrainingRun.addListener(this);
        recompute();
    }

    /** The picture, for tests. */
    public Canvas canvas() {
        return canvas;
    }

    /** The header: the model, the weights and the data the view shows. */
    public String header() {
        return getContentDescription();
    }

    /** What the view draws now (null before anything was computed), for tests. */
    HiddenStateInference shown() {
        return shown;
    }

    /** Computes again in the background, then redraws; a newer request replaces one still running. */
    void recompute() {
        IFile file = follower.model();
        if (file == null) {
            setContentDescription(follower.header(null));
            return;
        }
        if (job != null) {
            job.cancel();
        }
        int sequence = TrainingChoices.sequence();
        job = Job.create("Inference for " + getPartName(), (IProgressMonitor monitor) -> {
            HiddenStateInference result = HiddenStateInference.of(file, kind(), sequence);
            if (!monitor.isCanceled() && !canvas.isDisposed()) {
                canvas.getDisplay().asyncExec(() -> {
                    if (!canvas.isDisposed()) {
                        shown = result;
                        arrived(result);
                        setContentDescription(file.getName() + " (" + file.getProject().getName() + "): "
                                + (result.problem() == null ? result.source() : "nothing to show"));
                        canvas.redraw();
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    @Override
    public void changed(TrainingRun run) {
        if (follower.follows(run) && run.isFinished() && !canvas.isDisposed()) {
            canvas.getDisplay().asyncExec(() -> {
                if (!canvas.isDisposed()) {
                    recompute();
                }
            });
        }
    }

    private void paint(Drawing gc) {
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(canvas.getClientArea());
        HiddenStateInference i = shown;
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        if (i == null) {
            gc.drawText("Open a model of kind " + org.rnnstudio.model.ModelFile.fileName(kind()) + " in the editor.", 10, 10, true);
        } else if (i.problem() != null) {
            gc.drawText(i.problem(), 10, 10, true);
        } else {
            paint(gc, i);
        }
    }

    private String csv() {
        HiddenStateInference i = shown;
        return i == null || i.problem() != null ? "" : csv(i);
    }

    /** Draws the view into a PNG file of its size. */
    public void savePng(String path) {
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {ChartMenus.image(canvas)};
        loader.save(path, SWT.IMAGE_PNG);
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        TrainingRun.removeListener(this);
        follower.dispose();
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }

    /** A unit of the plot's scale: never 0, so that a flat series still draws. */
    static double span(double min, double max) {
        return max > min ? max - min : 1;
    }
}

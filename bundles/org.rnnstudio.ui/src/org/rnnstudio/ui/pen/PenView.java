package org.rnnstudio.ui.pen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.rnnstudio.ui.training.ChartMenus;
import org.rnnstudio.ui.training.Drawing;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.engine.pen.HandwritingData;
import org.rnnstudio.engine.pen.HandwritingReader;
import org.rnnstudio.engine.pen.PenTrajectory;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.ui.editor.RnnEditor;

/**
 * The lecture's handwriting reader at work: write a word on the pad with the mouse (or open a recorded
 * trajectory) and the trained model of the active editor reads it each time the pen is lifted. The ink is drawn
 * as the network reads it (normalised and resampled, pen-up moves hidden) with time as colour, from blue at the
 * first step to red at the last; beneath it, the probability of each letter at each step (the spikes of
 * connectionist temporal classification, the blank in grey) and the text read by prefix beam search. Replay
 * draws the trajectory step by step with a cursor over the spikes.
 */
public class PenView extends ViewPart {

    public static final String ID = "org.rnnstudio.ui.pen";
    private static final int MARGIN = 16;

    private final PenPad pad = new PenPad();
    private Canvas ink;
    private Canvas spikes;
    private Label text;
    /** the model chosen with {@link #useModel}, or null to read with the active editor's */
    private Path chosen;
    private String readerName;
    /** why the model cannot read, or null */
    private String problem;
    private HandwritingReader.Reading reading;
    /** the steps drawn: all of them, or fewer while replaying */
    private int shown = Integer.MAX_VALUE;

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.pen");
        parent.setLayout(new GridLayout(1, false));
        text = new Label(parent, SWT.WRAP);
        text.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        ink = canvas(parent, 220);
        ink.addPaintListener(e -> paintInk(Drawing.on(e.gc)));
        ink.addListener(SWT.MouseDown, e -> {
            if (e.button == 1) {
                if (reading != null && !pad.isDown() && shown < Integer.MAX_VALUE) {
                    shown = Integer.MAX_VALUE;
                }
                pad.press(e.x, e.y);
                ink.redraw();
            }
        });
        ink.addListener(SWT.MouseMove, e -> {
            if (pad.isDown()) {
                pad.move(e.x, e.y);
                ink.redraw();
            }
        });
        ink.addListener(SWT.MouseUp, e -> {
            if (pad.isDown()) {
                pad.release();
                read();
            }
        });
        spikes = canvas(parent, 140);
        spikes.addPaintListener(e -> paintSpikes(Drawing.on(e.gc)));
        ChartMenus.attach(ink, this::paintInk, this::inkCsv);
        ChartMenus.attach(spikes, this::paintSpikes, this::spikesCsv);
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(new Action("Clear") {
            @Override
            public void run() {
                clear();
            }
        });
        toolbar.add(new Action("Open Trajectory...") {
            @Override
            public void run() {
                FileDialog dialog = new FileDialog(ink.getShell(), SWT.OPEN);
                dialog.setFilterExtensions(new String[] {"*.csv", "*"});
                String chosen = dialog.open();
                if (chosen != null) {
                    open(Path.of(chosen));
                }
            }
        });
        toolbar.add(new Action("Replay") {
            @Override
            public void run() {
                replay();
            }
        });
        status();
    }

    private static Canvas canvas(Composite parent, int height) {
        Canvas canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.heightHint = height;
        canvas.setLayoutData(data);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        return canvas;
    }

    /** The pad, for a test to write on as the mouse does. */
    public PenPad pad() {
        return pad;
    }

    /** The latest reading, or null before the first. */
    public HandwritingReader.Reading reading() {
        return reading;
    }

    public String statusText() {
        return text.getText();
    }

    public Canvas ink() {
        return ink;
    }

    public Canvas spikes() {
        return spikes;
    }

    /** Reads with this model and the weights beside it (MODEL.weights.json) from now on, instead of the active editor's. */
    public void useModel(Path model) {
        chosen = model;
        read();
    }

    /** A recorded trajectory (stroke,x,y per point) in place of what was written. */
    public void open(Path trajectory) {
        try {
            List<List<double[]>> strokes = PenTrajectory.readCsv(trajectory);
            pad.clear();
            for (List<double[]> stroke : strokes) {
                pad.press(stroke.get(0)[0], -stroke.get(0)[1]);
                for (double[] p : stroke) {
                    pad.move(p[0], -p[1]);
                }
                pad.release();
            }
            read();
        } catch (java.nio.file.NoSuchFileException e) {
            text.setText("no trajectory file " + trajectory);
        } catch (IOException e) {
            text.setText(e.getMessage());
        }
    }

    public void clear() {
        pad.clear();
        reading = null;
        shown = Integer.MAX_VALUE;
        status();
    }

    /** Draws the trajectory again step by step, about 60 steps a second. */
    public void replay() {
        if (reading == null) {
            return;
        }
        shown = 0;
        int total = reading.steps().length;
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                if (ink.isDisposed() || reading == null || shown >= total) {
                    shown = Integer.MAX_VALUE;
                    return;
                }
                shown++;
                ink.redraw();
                spikes.redraw();
                ink.getDisplay().timerExec(16, this);
            }
        };
        ink.getDisplay().timerExec(16, tick);
    }

    /** Reads what is written with the chosen model, or the active editor's, its weights read afresh: training may have moved them. */
    private void read() {
        Path model = chosen != null ? chosen : activeModel();
        HandwritingReader reader = null;
        readerName = null;
        problem = null;
        if (model != null) {
            try {
                TrainedModel trained = TrainedModel.load(model, null);
                if (!trained.isTrained()) {
                    throw new ExportException(String.join("; ", trained.warnings()) + ": train the model first");
                }
                reader = HandwritingReader.of(trained.network());
                readerName = trained.name();
            } catch (ExportException | IllegalArgumentException e) {
                problem = model.getFileName() + ": " + e.getMessage();
            }
        }
        reading = null;
        if (reader != null && !pad.isEmpty()) {
            try {
                reading = reader.read(pad.strokes(), HandwritingReader.BEAM);
            } catch (IllegalArgumentException e) {
                // a recorded file can hold what no hand writes (a path of 1e300): say so, keep the view
                problem = e.getMessage();
            }
        }
        status();
    }

    private Path activeModel() {
        IEditorPart editor = getSite().getPage().getActiveEditor();
        if (editor instanceof RnnEditor rnn && rnn.file() != null && rnn.file().getLocation() != null) {
            return rnn.file().getLocation().toFile().toPath();
        }
        return null;
    }

    private void status() {
        if (problem != null) {
            text.setText(problem);
        } else if (readerName == null) {
            text.setText("Open a trained handwriting model (examples/handwriting) in the editor, then write a word below.");
        } else if (reading == null) {
            text.setText(readerName + ": write a word below; it is read when the pen is lifted.");
        } else {
            text.setText(readerName + " reads \u201c" + reading.text() + "\u201d (" + reading.steps().length + " steps)");
        }
        text.getParent().layout();
        ink.redraw();
        spikes.redraw();
    }

    /** Blue at the first step to red at the last: the pen's time as colour. */
    private static RGB timeColour(int step, int steps) {
        float hue = 240f * (1 - step / (float) Math.max(1, steps - 1));
        return new RGB(hue, 0.85f, 0.85f);
    }

    private void paintInk(Drawing gc) {
        gc.setAntialias(SWT.ON);
        gc.setLineWidth(2);
        if (reading != null && !pad.isDown()) {
            paintSteps(gc, reading.steps());
            return;
        }
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_DARK_GRAY));
        for (List<double[]> stroke : pad.strokes()) {
            for (int i = 1; i < stroke.size(); i++) {
                gc.drawLine((int) stroke.get(i - 1)[0], (int) -stroke.get(i - 1)[1], (int) stroke.get(i)[0], (int) -stroke.get(i)[1]);
            }
        }
    }

    /** The network's input, fitted to the canvas: drawing moves coloured by their step, pen-up moves left out. */
    private void paintSteps(Drawing gc, double[][] steps) {
        double x = 0;
        double y = 0;
        double minX = 0;
        double maxX = 0;
        double minY = 0;
        double maxY = 0;
        for (double[] s : steps) {
            x += s[PenTrajectory.DX];
            y += s[PenTrajectory.DY];
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        Rectangle area = ink.getClientArea();
        double scale = Math.min((area.width - 2 * MARGIN) / Math.max(1e-9, maxX - minX), (area.height - 2 * MARGIN) / Math.max(1e-9, maxY - minY));
        x = 0;
        y = 0;
        int end = Math.min(shown, steps.length);
        for (int t = 0; t < end; t++) {
            double nx = x + steps[t][PenTrajectory.DX];
            double ny = y + steps[t][PenTrajectory.DY];
            if (steps[t][PenTrajectory.PEN] >= 0.5) {
                Color c = new Color(gc.getDevice(), timeColour(t, steps.length));
                gc.setForeground(c);
                gc.drawLine(MARGIN + (int) ((x - minX) * scale), MARGIN + (int) ((maxY - y) * scale), MARGIN + (int) ((nx - minX) * scale),
                        MARGIN + (int) ((maxY - ny) * scale));
                c.dispose();
            }
            x = nx;
            y = ny;
        }
    }

    /** The network's input steps once it has read, the strokes as drawn before. */
    private String inkCsv() {
        StringBuilder out = new StringBuilder();
        if (reading != null) {
            out.append("step,dx,dy,pen down\n");
            double[][] steps = reading.steps();
            for (int t = 0; t < steps.length; t++) {
                out.append(t).append(',').append(steps[t][PenTrajectory.DX]).append(',').append(steps[t][PenTrajectory.DY]).append(',')
                        .append(steps[t][PenTrajectory.PEN]).append('\n');
            }
            return out.toString();
        }
        out.append("stroke,x,y\n");
        List<List<double[]>> strokes = pad.strokes();
        for (int s = 0; s < strokes.size(); s++) {
            for (double[] point : strokes.get(s)) {
                out.append(s).append(',').append(point[0]).append(',').append(point[1]).append('\n');
            }
        }
        return out.toString();
    }

    /** Each step's probability of the blank and of every letter. */
    private String spikesCsv() {
        StringBuilder out = new StringBuilder("step,blank");
        for (char letter : HandwritingData.LETTERS.toCharArray()) {
            out.append(',').append(letter);
        }
        out.append('\n');
        if (reading != null) {
            double[][] p = reading.posteriors();
            for (int t = 0; t < p.length; t++) {
                out.append(t);
                for (double v : p[t]) {
                    out.append(',').append(v);
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Each letter's probability over time, the blank in grey; a letter's name above its spike. */
    private void paintSpikes(Drawing gc) {
        if (reading == null) {
            return;
        }
        double[][] p = reading.posteriors();
        Rectangle area = spikes.getClientArea();
        int top = 18;
        int height = area.height - top - 4;
        double dx = (area.width - 2.0 * MARGIN) / Math.max(1, p.length - 1);
        gc.setAntialias(SWT.ON);
        for (int c = 0; c < HandwritingData.CLASSES; c++) {
            Color colour = c == 0 ? new Color(gc.getDevice(), 200, 200, 200)
                    : new Color(gc.getDevice(), new RGB(360f * (c - 1) / (HandwritingData.CLASSES - 1), 0.8f, 0.75f));
            gc.setForeground(colour);
            for (int t = 1; t < p.length; t++) {
                gc.drawLine(MARGIN + (int) ((t - 1) * dx), top + (int) ((1 - p[t - 1][c]) * height), MARGIN + (int) (t * dx),
                        top + (int) ((1 - p[t][c]) * height));
            }
            if (c > 0) {
                for (int t = 0; t < p.length; t++) {
                    boolean peak = p[t][c] > 0.5 && (t == 0 || p[t - 1][c] <= p[t][c]) && (t == p.length - 1 || p[t + 1][c] < p[t][c]);
                    if (peak) {
                        gc.drawText(String.valueOf(HandwritingData.LETTERS.charAt(c - 1)), MARGIN + (int) (t * dx) - 3, 0, true);
                    }
                }
            }
            colour.dispose();
        }
        if (shown < p.length) {
            gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
            gc.drawLine(MARGIN + (int) (shown * dx), top, MARGIN + (int) (shown * dx), top + height);
        }
    }

    @Override
    public void setFocus() {
        ink.setFocus();
    }
}

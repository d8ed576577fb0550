package org.rnnstudio.ui.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.swtchart.Range;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.engine.CapacityExperiment;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.ui.training.ChartMenus;
import org.rnnstudio.ui.training.WholeTicks;

/**
 * The log N experiment of docs/capacity.md in the studio: HMMs of N states and an LSTM carry a k-bit number
 * across an unobserved gap; the bits each recovers, in a table and plotted against log2 N beside the bound.
 * It runs as a job (progress per model, cancellable) with the settings above the plot, the command line's
 * defaults at first.
 */
public class CapacityView extends ViewPart {

    public static final String ID = "org.rnnstudio.ui.capacity";
    public static final Object FAMILY = CapacityView.class;

    private Spinner bits;
    private Text states;
    private Spinner units;
    private Spinner sequences;
    private Button run;
    private Label status;
    private Chart chart;
    private Table table;
    private final List<CapacityExperiment.Row> rows = new ArrayList<>();
    private final List<Integer> hmmStates = new ArrayList<>();
    private Job job;

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.capacity");
        parent.setLayout(new GridLayout(1, false));
        Composite settings = new Composite(parent, SWT.NONE);
        settings.setLayout(new GridLayout(9, false));
        settings.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        bits = spinner(settings, "Bits k:", 6, 1, 12, "the number shown is one of 2^k");
        new Label(settings, SWT.NONE).setText("HMM states:");
        states = new Text(settings, SWT.BORDER);
        states.setText("2,4,8,16,32,64");
        states.setToolTipText("the numbers of states N of the HMMs, comma-separated");
        states.setLayoutData(new GridData(140, SWT.DEFAULT));
        units = spinner(settings, "LSTM units:", 16, 1, 256, "the LSTM's cells");
        sequences = spinner(settings, "Sequences:", 3000, 10, 100_000, "training sequences; a sixth as many test sequences");
        run = new Button(settings, SWT.PUSH);
        run.setText("Run");
        run.addListener(SWT.Selection, e -> {
            if (isBusy()) {
                job.cancel();
            } else {
                startFromFields();
            }
        });
        status = new Label(settings, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 9, 1));
        status.setText("Run: HMMs by Baum-Welch and an LSTM on the same sequences (docs/capacity.md)");

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        chart = new Chart(sash, SWT.NONE);
        chart.getTitle().setText("Bits carried across the gap");
        chart.getAxisSet().getXAxis(0).getTitle().setText("log2 N (HMM states)");
        chart.getAxisSet().getXAxis(0).getTick().setFormat(WholeTicks.counts());
        chart.getAxisSet().getYAxis(0).getTitle().setText("bits recovered");
        chart.getLegend().setPosition(SWT.RIGHT);
        ChartMenus.attach(chart);
        table = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String title : new String[] {"model", "bound (bits)", "bits recovered", "right", "seconds"}) {
            TableColumn c = new TableColumn(table, title.equals("model") ? SWT.LEFT : SWT.RIGHT);
            c.setText(title);
            c.setWidth(title.equals("model") ? 180 : 130);
        }
        sash.setWeights(3, 1);
    }

    private static Spinner spinner(Composite parent, String label, int value, int min, int max, String tip) {
        new Label(parent, SWT.NONE).setText(label);
        Spinner s = new Spinner(parent, SWT.BORDER);
        s.setValues(value, min, max, 0, 1, 10);
        s.setToolTipText(tip);
        return s;
    }

    /** Runs with the settings in the fields, the rest as the command line's defaults. */
    public void startFromFields() {
        List<Integer> n = new ArrayList<>();
        try {
            for (String part : states.getText().split(",")) {
                int value = Integer.parseInt(part.trim());
                if (value < 1 || value > 1024) {
                    throw new NumberFormatException();
                }
                n.add(value);
            }
        } catch (NumberFormatException e) {
            status.setText("HMM states: a list of numbers from 1 to 1024, e.g. 2,4,8");
            return;
        }
        int count = sequences.getSelection();
        start(new CapacityExperiment.Settings(bits.getSelection(), 5, count, Math.max(100, count / 6), 100, 3, units.getSelection(), 30, 1), n);
    }

    /** Runs the experiment in the background: one HMM per entry of {@code n}, then the LSTM; rows appear as they finish. */
    public void start(CapacityExperiment.Settings settings, List<Integer> n) {
        if (isBusy()) {
            return;
        }
        bits.setSelection(settings.bits());
        states.setText(n.stream().map(String::valueOf).collect(Collectors.joining(",")));
        units.setSelection(settings.lstmUnits());
        sequences.setSelection(settings.trainingSequences());
        rows.clear();
        hmmStates.clear();
        table.removeAll();
        redraw();
        run.setText("Cancel");
        status.setText("Running...");
        job = new Job("Log N capacity experiment") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                monitor.beginTask("Log N capacity experiment", n.size() + 1);
                try {
                    CapacityExperiment experiment = new CapacityExperiment(settings);
                    for (int states : n) {
                        monitor.subTask("HMM, " + states + " states: Baum-Welch");
                        CapacityExperiment.Row row = experiment.hmm(states, monitor::isCanceled);
                        arrived(row, states);
                        monitor.worked(1);
                    }
                    monitor.subTask("LSTM, " + settings.lstmUnits() + " units: backpropagation through time");
                    arrived(experiment.lstm(monitor::isCanceled), 0);
                    monitor.worked(1);
                    finished("Done: " + settings.bits() + "-bit numbers, a gap of " + settings.gap() + " unobserved steps, "
                            + settings.trainingSequences() + " training and " + experiment.testSequences() + " test sequences");
                    return Status.OK_STATUS;
                } catch (CancellationException e) {
                    return Status.CANCEL_STATUS;
                } catch (Trainer.DivergedException e) {
                    finished("The LSTM's training diverged: " + e.getMessage());
                    return Status.error(e.getMessage());
                } finally {
                    monitor.done();
                }
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        // a job cancelled before it starts never runs: its end is heard here
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (event.getResult().getSeverity() == IStatus.CANCEL) {
                    finished("Cancelled: the rows above are the models that finished");
                }
            }
        });
        job.setUser(true);
        job.schedule();
    }

    private void arrived(CapacityExperiment.Row row, int states) {
        ui(() -> {
            rows.add(row);
            hmmStates.add(states);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {row.model(), Double.isInfinite(row.boundBits()) ? "none" : format(row.boundBits()), format(row.recoveredBits()),
                String.format(Locale.ROOT, "%.1f%%", 100 * row.accuracy()), String.format(Locale.ROOT, "%.1f", row.seconds())});
            redraw();
        });
    }

    private void finished(String message) {
        ui(() -> {
            status.setText(message);
            run.setText("Run");
        });
    }

    private void ui(Runnable r) {
        if (!table.isDisposed()) {
            table.getDisplay().asyncExec(() -> {
                if (!table.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The HMMs' bits against log2 N with the bound log2 N dashed, and the LSTM's bits as a level across. */
    private void redraw() {
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            chart.getSeriesSet().deleteSeries(s.getId());
        }
        List<double[]> hmm = new ArrayList<>();
        CapacityExperiment.Row lstm = null;
        for (int i = 0; i < rows.size(); i++) {
            if (hmmStates.get(i) > 0) {
                hmm.add(new double[] {Math.log(hmmStates.get(i)) / Math.log(2), rows.get(i).recoveredBits()});
            } else {
                lstm = rows.get(i);
            }
        }
        hmm.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] x = hmm.stream().mapToDouble(p -> p[0]).toArray();
        if (x.length > 0) {
            series("bound: log2 N bits", x, x, new Color(128, 128, 128), LineStyle.DASH, ILineSeries.PlotSymbolType.NONE);
            series("HMM, Baum-Welch", x, hmm.stream().mapToDouble(p -> p[1]).toArray(), new Color(200, 60, 40), LineStyle.SOLID,
                    ILineSeries.PlotSymbolType.CIRCLE);
        }
        double left = x.length > 0 ? x[0] : 0;
        double right = x.length > 0 ? Math.max(x[x.length - 1], left + 1) : 1;
        if (lstm != null) {
            series(lstm.model(), new double[] {left, right}, new double[] {lstm.recoveredBits(), lstm.recoveredBits()}, new Color(40, 90, 200),
                    LineStyle.SOLID, ILineSeries.PlotSymbolType.NONE);
        }
        chart.getAxisSet().getXAxis(0).setRange(new Range(left, right));
        double top = Math.max(1, right);
        for (CapacityExperiment.Row r : rows) {
            top = Math.max(top, r.recoveredBits());
        }
        chart.getAxisSet().getYAxis(0).setRange(new Range(0, top + 0.5));
        chart.redraw();
    }

    private void series(String name, double[] x, double[] y, Color colour, LineStyle style, ILineSeries.PlotSymbolType symbol) {
        ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, name);
        s.setXSeries(x);
        s.setYSeries(y);
        s.setLineColor(colour);
        s.setSymbolColor(colour);
        s.setLineStyle(style);
        s.setLineWidth(2);
        s.setSymbolType(symbol);
    }

    public boolean isBusy() {
        return job != null && job.getState() != Job.NONE;
    }

    /** The finished rows, HMMs first, in the order they ran. */
    public List<CapacityExperiment.Row> rows() {
        return List.copyOf(rows);
    }

    public Chart chart() {
        return chart;
    }

    public Table table() {
        return table;
    }

    public String status() {
        return status.getText();
    }

    @Override
    public void setFocus() {
        run.setFocus();
    }

    @Override
    public void dispose() {
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }
}

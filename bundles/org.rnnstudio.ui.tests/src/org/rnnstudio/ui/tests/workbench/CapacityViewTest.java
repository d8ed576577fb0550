package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.commands.Command;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.CapacityExperiment;
import org.rnnstudio.ui.analysis.CapacityView;
import org.rnnstudio.ui.tests.Ui;

/** The log N experiment from the studio: on a tiny configuration its rows, table and plot appear; cancelling ends it. */
class CapacityViewTest extends WorkbenchFixture {

    /** 3-bit numbers, a gap of 2, 300 training sequences: seconds, not minutes. */
    private static final CapacityExperiment.Settings TINY = new CapacityExperiment.Settings(3, 2, 300, 80, 20, 2, 8, 15, 1);

    @Override
    String projectName() {
        return "capacity-test";
    }

    @AfterEach
    void stopTheExperiment() throws Exception {
        Job.getJobManager().cancel(CapacityView.FAMILY);
        Job.getJobManager().join(CapacityView.FAMILY, null);
    }

    @Test
    void theExperimentRunsAndShowsItsTableAndPlot() throws Exception {
        Command command = PlatformUI.getWorkbench().getService(ICommandService.class).getCommand("org.rnnstudio.ui.capacityExperiment");
        assertTrue(command.isDefined() && command.isHandled(), "the command is there without an open model");
        CapacityView view = (CapacityView) page.showView(CapacityView.ID);
        view.start(TINY, List.of(1, 2, 4, 8));
        assertTrue(Ui.waitUntil(display, 120_000, () -> !view.isBusy() && view.status().startsWith("Done")), view.status());
        Ui.spin(display, 300);
        List<CapacityExperiment.Row> rows = view.rows();
        assertEquals(5, rows.size(), rows.toString());
        assertEquals(5, view.table().getItemCount());
        int[] states = {1, 2, 4, 8};
        for (int i = 0; i < 4; i++) {
            double bound = Math.log(states[i]) / Math.log(2);
            assertEquals(bound, rows.get(i).boundBits(), 1e-12);
            assertTrue(rows.get(i).recoveredBits() <= bound + 1e-9, rows.get(i).toString());
            assertEquals(String.format(java.util.Locale.ROOT, "%.2f", rows.get(i).recoveredBits()), view.table().getItem(i).getText(2));
        }
        assertEquals("LSTM, 8 units", view.table().getItem(4).getText(0));
        assertEquals(3, view.chart().getSeriesSet().getSeries().length, "the bound, the HMMs and the LSTM");
        assertEquals(3, view.chart().getSeriesSet().getSeries()[0].getXSeries()[3], 1e-12, "x is log2 N");
        IWorkbenchPartReference ref = page.getReference(view);
        page.setPartState(ref, IWorkbenchPage.STATE_MAXIMIZED);
        Ui.spin(display, 500);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "capacity-view.png");
        page.setPartState(ref, IWorkbenchPage.STATE_RESTORED);
    }

    /** The command opens the view and runs its settings; cancelling ends the run before the LSTM. */
    @Test
    void theCommandStartsItAndCancellingEndsIt() throws Exception {
        Object shown = PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.capacityExperiment", null);
        CapacityView view = (CapacityView) page.findView(CapacityView.ID);
        assertTrue(shown == view && view.isBusy(), "the view is open and running");
        Job.getJobManager().cancel(CapacityView.FAMILY);
        assertTrue(Ui.waitUntil(display, 60_000, () -> !view.isBusy() && view.status().startsWith("Cancelled")), view.status());
        assertTrue(view.rows().stream().noneMatch(r -> r.model().startsWith("LSTM")), view.rows().toString());
    }
}

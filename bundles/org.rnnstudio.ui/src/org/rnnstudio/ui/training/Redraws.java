package org.rnnstudio.ui.training;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Widget;
import org.rnnstudio.ui.preferences.StudioPreferences;

/**
 * Redraws a view after a run's news, from any thread, with at most one redraw waiting and at most as
 * often as the preferences' chart refresh allows: a long run never floods the UI thread, however often it
 * reports. The views also take turns: a chart paints in up to about 90 ms on a 2-core machine under Xvfb, so two views painting back to back
 * kept the UI thread busy for a quarter of a second; redraws of different views are now spaced apart.
 */
final class Redraws {

    /** between the redraws of any two views */
    private static final long GAP_MS = 150;
    /** the earliest time the next redraw of any view may run; touched on the UI thread only */
    private static long nextSlot;

    private final Widget widget;
    private final Runnable redraw;
    private volatile boolean pending;
    private long last;

    Redraws(Widget widget, Runnable redraw) {
        this.widget = widget;
        this.redraw = redraw;
    }

    void request() {
        if (pending) {
            return;
        }
        pending = true;
        Display display = Display.getDefault();
        display.asyncExec(() -> {
            long now = System.currentTimeMillis();
            long at = Math.max(now, Math.max(last + StudioPreferences.chartRefreshMillis(), nextSlot));
            nextSlot = at + GAP_MS;
            display.timerExec((int) (at - now), () -> {
                pending = false;
                if (!widget.isDisposed()) {
                    last = System.currentTimeMillis();
                    redraw.run();
                }
            });
        });
    }
}

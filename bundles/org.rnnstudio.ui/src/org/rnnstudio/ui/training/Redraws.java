package org.rnnstudio.ui.training;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Widget;

/**
 * Redraws a view after a run's news, from any thread, with at most one redraw waiting and at most about ten
 * a second: a long run never floods the UI thread, however often it reports.
 */
final class Redraws {

    private static final long MIN_INTERVAL_MS = 100;

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
            long wait = Math.max(0, MIN_INTERVAL_MS - (System.currentTimeMillis() - last));
            display.timerExec((int) wait, () -> {
                pending = false;
                if (!widget.isDisposed()) {
                    last = System.currentTimeMillis();
                    redraw.run();
                }
            });
        });
    }
}

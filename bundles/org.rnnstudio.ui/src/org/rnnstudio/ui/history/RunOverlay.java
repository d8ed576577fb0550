package org.rnnstudio.ui.history;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.resources.IFile;
import org.rnnstudio.engine.RunHistory;

/**
 * The kept runs a person chose in the Run History view to compare with the present one: a chart (the
 * Training view) draws each chosen run's metrics beside the live curves and redraws when the choice changes.
 */
public final class RunOverlay {

    /** Told on the UI thread whenever the choice changes. */
    public interface Listener {
        void overlayChanged(IFile model, List<RunHistory.Run> chosen);
    }

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();
    private static IFile model;
    private static List<RunHistory.Run> chosen = List.of();

    private RunOverlay() {
    }

    public static void addListener(Listener l) {
        LISTENERS.add(l);
    }

    public static void removeListener(Listener l) {
        LISTENERS.remove(l);
    }

    /** The chosen runs of this model, oldest choice first; none for any other model. */
    public static synchronized List<RunHistory.Run> chosen(IFile of) {
        return of != null && of.equals(model) ? chosen : List.of();
    }

    static void choose(IFile of, List<RunHistory.Run> runs) {
        synchronized (RunOverlay.class) {
            model = of;
            chosen = List.copyOf(runs);
        }
        for (Listener l : LISTENERS) {
            l.overlayChanged(of, runs);
        }
    }
}

package org.rnnstudio.studio;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * The first window of a new workspace fills the screen: the diagram, the views through time and the charts
 * under them need the room, and the workbench's own default (1024x768) cuts every chart short. Only once, so
 * that the size a person gives the window afterwards is the one the workbench remembers.
 */
public class FirstWindow implements IStartup {

    static final String DONE = "firstWindowFilledScreen";

    @Override
    public void earlyStartup() {
        Preferences prefs = InstanceScope.INSTANCE.getNode("org.rnnstudio.studio");
        if (prefs.getBoolean(DONE, false)) {
            return;
        }
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
            IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window == null) {
                return;
            }
            fill(window.getShell());
            prefs.putBoolean(DONE, true);
            try {
                prefs.flush();
            } catch (BackingStoreException e) {
                // the window is filled this time; a failed save only means it is filled again next time
            }
        });
    }

    /** Bounds first: without a window manager (Xvfb) maximising alone does nothing. */
    public static void fill(Shell shell) {
        Rectangle screen = shell.getDisplay().getPrimaryMonitor().getClientArea();
        shell.setBounds(screen);
        shell.setMaximized(true);
    }
}

package org.rnnstudio.help;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * Shows the Welcome view on the first start of a workspace, beside the editor (not over it: the first example
 * the studio opens stays in front). Once per workspace, like the examples import: a person who closes it finds
 * it again under Help > Welcome.
 */
public class WelcomeOnFirstStart implements IStartup {

    private static final String BUNDLE = "org.rnnstudio.help";
    private static final String SHOWN_KEY = "welcomeShown";

    @Override
    public void earlyStartup() {
        Preferences prefs = InstanceScope.INSTANCE.getNode(BUNDLE);
        if (prefs.getBoolean(SHOWN_KEY, false)) {
            return;
        }
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
            IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window == null || window.getActivePage() == null) {
                return;
            }
            try {
                window.getActivePage().showView(WelcomeView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
                prefs.putBoolean(SHOWN_KEY, true);
                prefs.flush();
            } catch (PartInitException | BackingStoreException e) {
                ILog.of(Platform.getBundle(BUNDLE)).log(Status.error("Could not show the Welcome view: " + e.getMessage(), e));
            }
        });
    }
}

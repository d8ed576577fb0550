package org.rnnstudio.studio;

import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWindowListener;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;

/**
 * Help > About RNN Studio shows the product's icon. The IDE's menu builder gives its About action an image
 * that the IDE bundle of Eclipse 4.38 no longer carries, so the menu showed the red missing-image square.
 */
public class AboutImage implements IStartup {

    static final ImageDescriptor PRODUCT_ICON = ResourceLocator.imageDescriptorFromBundle("org.rnnstudio.ui", "icons/rnnstudio16.png")
            .orElseThrow();

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> {
            for (IWorkbenchWindow window : workbench.getWorkbenchWindows()) {
                give(window);
            }
            workbench.addWindowListener(new IWindowListener() {
                @Override
                public void windowOpened(IWorkbenchWindow window) {
                    give(window);
                }

                @Override
                public void windowActivated(IWorkbenchWindow window) {
                }

                @Override
                public void windowDeactivated(IWorkbenchWindow window) {
                }

                @Override
                public void windowClosed(IWorkbenchWindow window) {
                }
            });
        });
    }

    /**
     * The workbench fills a menu bar's menus when they are about to show, and the About entry carries the
     * IDE's action then: it gets the icon as its menu opens, after the fill and before it is seen.
     */
    private static void give(IWorkbenchWindow window) {
        Menu bar = window.getShell().getMenuBar();
        if (bar == null) {
            return;
        }
        for (MenuItem top : bar.getItems()) {
            Menu menu = top.getMenu();
            if (menu != null) {
                menu.addListener(SWT.Show, e -> {
                    for (MenuItem item : menu.getItems()) {
                        if (item.getData() instanceof ActionContributionItem about && ActionFactory.ABOUT.getId().equals(about.getId())
                                && about.getAction().getImageDescriptor() != PRODUCT_ICON) {
                            // a menu item shows the hover image when there is one, and the IDE's is missing too
                            about.getAction().setHoverImageDescriptor(PRODUCT_ICON);
                            about.getAction().setImageDescriptor(PRODUCT_ICON);
                        }
                    }
                });
            }
        }
    }
}

package org.eclipse.help.ui.internal.views;

import org.eclipse.jface.dialogs.DialogTray;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * Stands in for Help UI's dialog tray, which the Cheat Sheets view names when it loads: Help UI 4.38 needs
 * Java 21, so the studio ships without it. The view only shows a cheat sheet in a tray when a dialog has the help
 * tray open, which without Help UI never happens; when Help UI is installed, its class is found first.
 */
public class HelpTray extends DialogTray {

    @Override
    protected Control createContents(Composite parent) {
        throw new UnsupportedOperationException("Help UI is not installed");
    }

    public ReusableHelpPart getHelpPart() {
        throw new UnsupportedOperationException("Help UI is not installed");
    }
}

package org.rnnstudio.studio;

import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/**
 * The Console page that the platform's console bundle files its ANSI colour page under. An Eclipse IDE
 * has it from the debugger's user interface, which the standalone product leaves out; without it the
 * workbench logs "Invalid preference category path" each time Preferences opens.
 */
public class ConsolePreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    /** The id the console bundle's pages name as their category. */
    public static final String ID = "org.eclipse.debug.ui.ConsolePreferencePage";

    @Override
    public void init(IWorkbench workbench) {
        noDefaultAndApplyButton();
    }

    @Override
    protected Control createContents(Composite parent) {
        Label text = new Label(parent, SWT.WRAP);
        text.setText("The consoles where training runs write their log. Their colours are under ANSI Support.");
        return text;
    }
}

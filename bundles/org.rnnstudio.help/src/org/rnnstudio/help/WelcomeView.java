package org.rnnstudio.help;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.internal.cheatsheets.views.CheatSheetView;
import org.eclipse.ui.part.ViewPart;

/** The product's Welcome: what RNN Studio is, and the tour of the lecture, one link per cheat sheet. */
public class WelcomeView extends ViewPart {

    public static final String ID = "org.rnnstudio.help.welcome";
    public static final String CONTEXT = "org.rnnstudio.help.welcome";
    /** The composite cheat sheet that walks the whole lecture. */
    public static final String TOUR = "org.rnnstudio.help.tour";
    public static final String CHEAT_SHEETS = "org.eclipse.ui.cheatsheets.views.CheatSheetView";

    private Link start;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Label title = new Label(parent, SWT.NONE);
        title.setText("Welcome to RNN Studio");
        title.setFont(PlatformUI.getWorkbench().getThemeManager().getCurrentTheme().getFontRegistry().getBold("org.eclipse.jface.headerfont"));
        Label text = new Label(parent, SWT.WRAP);
        text.setText("Draw recurrent neural networks, see them unrolled in time, train them by backpropagation through time"
                + " and look inside while they learn. The tour follows Hinton's lecture on modelling sequences: each step"
                + " opens an example, trains or analyses it, and says what to look at and why.");
        text.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        start = new Link(parent, SWT.NONE);
        start.setText("<a href=\"" + TOUR + "\">Start the tour of the lecture</a>");
        start.addListener(SWT.Selection, e -> open(e.text));
        Link sections = new Link(parent, SWT.WRAP);
        sections.setText("Or take one section: " + Tour.sectionLinks());
        sections.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        sections.addListener(SWT.Selection, e -> open(e.text));
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, CONTEXT);
    }

    /**
     * Shows the cheat sheet in the Cheat Sheets view. Not OpenCheatSheetAction: it opens the sheet in Help UI's
     * dialog tray when a dialog is up, and the tour belongs in the view beside the editor.
     */
    private void open(String cheatSheetId) {
        try {
            CheatSheetView view = (CheatSheetView) getSite().getPage().showView(CHEAT_SHEETS);
            view.setInput(cheatSheetId);
        } catch (PartInitException e) {
            org.eclipse.core.runtime.ILog.of(getClass()).log(org.eclipse.core.runtime.Status.error("Could not open the cheat sheet " + cheatSheetId + ": " + e.getMessage(), e));
        }
    }

    /** The link that starts the tour: what a person clicks first. */
    public Link startLink() {
        return start;
    }

    @Override
    public void setFocus() {
        start.setFocus();
    }
}

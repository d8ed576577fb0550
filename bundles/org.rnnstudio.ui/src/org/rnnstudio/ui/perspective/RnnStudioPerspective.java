package org.rnnstudio.ui.perspective;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.navigator.resources.ProjectExplorer;
import org.rnnstudio.ui.dynamics.DynamicsView;
import org.rnnstudio.ui.history.RunHistoryView;
import org.rnnstudio.ui.pen.PenView;
import org.rnnstudio.ui.training.ActivationsView;
import org.rnnstudio.ui.training.GradientsView;
import org.rnnstudio.ui.training.TrainingView;
import org.rnnstudio.ui.training.WeightsView;
import org.rnnstudio.ui.unrolled.UnrolledView;
import org.rnnstudio.ui.wizards.NewModelWizard;

/**
 * The RNN Studio perspective. The views that show what the network does while it learns (training curves,
 * gradients through time, activations, weights) are wide charts over epochs and steps, so they get the whole
 * width under the diagram; the network through time (Unrolled, Dynamics) sits beside the diagram it explains;
 * projects and outline on the left; problems, properties and the console share the bottom right.
 */
public class RnnStudioPerspective implements IPerspectiveFactory {

    public static final String ID = "org.rnnstudio.ui.perspective";
    /** Folder ids, so that tests and other views can name where they belong. */
    public static final String INSPECTION_FOLDER = "inspection";
    public static final String THROUGH_TIME_FOLDER = "throughTime";
    public static final String TOOLS_FOLDER = "tools";
    static final String WELCOME_VIEW_ID = "org.rnnstudio.help.welcome";
    static final String CHEAT_SHEETS_VIEW_ID = "org.eclipse.ui.cheatsheets.views.CheatSheetView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();

        // created first, so that it spans the full width of the window
        IFolderLayout inspection = layout.createFolder(INSPECTION_FOLDER, IPageLayout.BOTTOM, 0.56f, editors);
        inspection.addView(TrainingView.ID);
        inspection.addView(GradientsView.ID);
        inspection.addView(ActivationsView.ID);
        inspection.addView(WeightsView.ID);
        inspection.addPlaceholder(RunHistoryView.ID);
        inspection.addPlaceholder(org.rnnstudio.ui.training.HmmView.ID);
        inspection.addPlaceholder(org.rnnstudio.ui.training.LdsView.ID);

        IFolderLayout tools = layout.createFolder(TOOLS_FOLDER, IPageLayout.RIGHT, 0.7f, INSPECTION_FOLDER);
        tools.addView(IPageLayout.ID_PROP_SHEET);
        tools.addView(IPageLayout.ID_PROBLEM_VIEW);
        tools.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        tools.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);

        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.18f, editors);
        left.addView(ProjectExplorer.VIEW_ID);
        IFolderLayout outline = layout.createFolder("outline", IPageLayout.BOTTOM, 0.62f, "left");
        outline.addView(IPageLayout.ID_OUTLINE);

        IFolderLayout throughTime = layout.createFolder(THROUGH_TIME_FOLDER, IPageLayout.RIGHT, 0.6f, editors);
        throughTime.addView(UnrolledView.ID);
        throughTime.addView(DynamicsView.ID);
        throughTime.addPlaceholder(PenView.ID);
        // the tour's views beside the editor, not down the whole right side where the cheat sheets bundle would put them
        throughTime.addPlaceholder(WELCOME_VIEW_ID);
        throughTime.addPlaceholder(CHEAT_SHEETS_VIEW_ID);

        layout.addActionSet(IDebugUIConstants.LAUNCH_ACTION_SET);

        for (String view : new String[] {ProjectExplorer.VIEW_ID, IPageLayout.ID_OUTLINE, IPageLayout.ID_PROBLEM_VIEW,
                IPageLayout.ID_PROP_SHEET, IConsoleConstants.ID_CONSOLE_VIEW, IPageLayout.ID_PROGRESS_VIEW, UnrolledView.ID,
                TrainingView.ID, GradientsView.ID, ActivationsView.ID, WeightsView.ID, RunHistoryView.ID, DynamicsView.ID}) {
            layout.addShowViewShortcut(view);
        }
        layout.addNewWizardShortcut(NewModelWizard.ID);
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.project");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
    }
}

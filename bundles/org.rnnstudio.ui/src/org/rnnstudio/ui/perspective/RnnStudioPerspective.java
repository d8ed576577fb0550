package org.rnnstudio.ui.perspective;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.navigator.resources.ProjectExplorer;
import org.rnnstudio.ui.training.TrainingView;
import org.rnnstudio.ui.unrolled.UnrolledView;
import org.rnnstudio.ui.wizards.NewModelWizard;

/**
 * The RNN Studio perspective: projects and the outline on the left, the diagram in the middle, and below it
 * the views that explain what the diagram does (problems, properties, the training console, progress).
 */
public class RnnStudioPerspective implements IPerspectiveFactory {

    public static final String ID = "org.rnnstudio.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();

        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.22f, editors);
        left.addView(ProjectExplorer.VIEW_ID);
        IFolderLayout outline = layout.createFolder("outline", IPageLayout.BOTTOM, 0.6f, "left");
        outline.addView(IPageLayout.ID_OUTLINE);

        IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, 0.62f, editors);
        right.addView(UnrolledView.ID);
        right.addView(TrainingView.ID);
        right.addView(org.rnnstudio.ui.training.GradientsView.ID);
        right.addView(org.rnnstudio.ui.training.WeightsView.ID);
        right.addView(org.rnnstudio.ui.training.ActivationsView.ID);
        right.addPlaceholder(org.rnnstudio.ui.training.HmmView.ID);
        right.addPlaceholder(org.rnnstudio.ui.training.LdsView.ID);

        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.7f, editors);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(IPageLayout.ID_PROP_SHEET);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);

        layout.addShowViewShortcut(ProjectExplorer.VIEW_ID);
        layout.addShowViewShortcut(IPageLayout.ID_OUTLINE);
        layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROP_SHEET);
        layout.addShowViewShortcut(IConsoleConstants.ID_CONSOLE_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
        layout.addShowViewShortcut(UnrolledView.ID);
        layout.addShowViewShortcut(TrainingView.ID);
        layout.addNewWizardShortcut(NewModelWizard.ID);
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.project");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
    }
}

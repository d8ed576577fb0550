package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.preferences.StudioPreferencePage;
import org.rnnstudio.ui.preferences.StudioPreferences;
import org.rnnstudio.ui.settings.DataChooser;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.TrainingSettingsDialog;

/** The data field's Browse and generator chooser, and the studio's preference page. */
class StudioSettingsTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "settings-test";
    }

    @Test
    void theGeneratorChooserFillsInEverySettingOfTheSpec() throws Exception {
        IFile model = project.getFile("m.rnn");
        TrainingSettingsDialog dialog = new TrainingSettingsDialog(page.getWorkbenchWindow().getShell(), null, model);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Combo generators = (Combo) find(dialog.getShell(), "generators");
            assertNotNull(generators, "the generator chooser is under the data field");
            assertNotNull(find(dialog.getShell(), "browse"), "and Browse");
            generators.select(generators.indexOf("Adding problem"));
            generators.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            dialog.getShell().layout(true, true);
            Ui.spin(display, 200);
            Ui.screenshot(dialog.getShell(), "training-settings.png");
            assertEquals(StudioPreferences.epochs(), Integer.parseInt(text(dialog.getShell(), 1)), "a model without settings starts with the preference's epochs");
            assertTrue(dialog.canFinish(), dialog.getErrorMessage());
            assertEquals("adding:length=50,count=1000,seed=1", dialog.result().data);
        } finally {
            dialog.close();
        }
    }

    @Test
    void browseWritesACsvByItsPathAndATextAsTextDataBothRelativeToTheModel() throws Exception {
        project.getFolder("data").create(true, true, null);
        IFile csv = project.getFile("data/pairs.csv");
        csv.create(new ByteArrayInputStream("a,b\n".getBytes()), true, null);
        IFile text = project.getFile("data/story.txt");
        text.create(new ByteArrayInputStream("once".getBytes()), true, null);
        IFile model = project.getFile("m.rnn");
        assertEquals("data/pairs.csv", DataChooser.specFor(csv, model));
        assertEquals("text:file=data/story.txt,length=50", DataChooser.specFor(text, model));
    }

    @Test
    void thePreferencePageIsThereAndFoundByItsKeywords() throws Exception {
        assertNotNull(PlatformUI.getWorkbench().getPreferenceManager().find(StudioPreferencePage.ID), "Window > Preferences > RNN Studio");
        assertTrue(java.util.Arrays.stream(org.eclipse.core.runtime.Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.ui.keywords"))
                .anyMatch(e -> "org.rnnstudio.ui.preferences.keywords".equals(e.getAttribute("id")) && e.getAttribute("label").contains("epochs")
                        && e.getAttribute("label").contains("colour")), "searching for epochs or colour finds the page");
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(page.getWorkbenchWindow().getShell(), StudioPreferencePage.ID,
                new String[] {StudioPreferencePage.ID}, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Ui.spin(display, 300);
            Ui.screenshot(dialog.getShell(), "preferences.png");
            assertTrue(dialog.getSelectedPage() instanceof StudioPreferencePage);
        } finally {
            dialog.close();
        }
    }

    private static Control find(Control c, String name) {
        if (name.equals(c.getData("name"))) {
            return c;
        }
        if (c instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Control found = find(child, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The n-th text field of the dialog, in the order of the form (the data field is 0). */
    private static String text(Control c, int n) {
        java.util.List<Text> texts = new java.util.ArrayList<>();
        collect(c, texts);
        return texts.get(n).getText();
    }

    private static void collect(Control c, java.util.List<Text> texts) {
        if (c instanceof Text t) {
            texts.add(t);
        }
        if (c instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, texts);
            }
        }
    }
}

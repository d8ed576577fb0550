package org.rnnstudio.ui.preferences;

import org.eclipse.jface.preference.ColorFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > RNN Studio; found by searching for epochs, batch, chart, refresh, colour or training. */
public class StudioPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.rnnstudio.ui.preferences";

    public StudioPreferencePage() {
        super(GRID);
        setPreferenceStore(StudioPreferences.store());
        setDescription("Defaults for models without training settings of their own, and how the training charts are drawn.");
    }

    @Override
    public void init(IWorkbench workbench) {
        // the store is the studio's own instance scope, set in the constructor
    }

    @Override
    protected void createFieldEditors() {
        IntegerFieldEditor epochs = new IntegerFieldEditor(StudioPreferences.EPOCHS, "Default &epochs:", getFieldEditorParent());
        epochs.setValidRange(1, 1_000_000);
        addField(epochs);
        IntegerFieldEditor batch = new IntegerFieldEditor(StudioPreferences.BATCH, "Default &batch size:", getFieldEditorParent());
        batch.setValidRange(1, 100_000);
        addField(batch);
        IntegerFieldEditor refresh = new IntegerFieldEditor(StudioPreferences.CHART_REFRESH, "Chart &refresh while training (ms):",
                getFieldEditorParent());
        refresh.setValidRange(20, 60_000);
        addField(refresh);
        addField(new ColorFieldEditor(StudioPreferences.LOSS_COLOUR, "&Loss curve colour:", getFieldEditorParent()));
        addField(new ColorFieldEditor(StudioPreferences.ACCURACY_COLOUR, "&Accuracy curve colour:", getFieldEditorParent()));
        addField(new ColorFieldEditor(StudioPreferences.VALIDATION_COLOUR, "&Validation curve colour:", getFieldEditorParent()));
    }
}

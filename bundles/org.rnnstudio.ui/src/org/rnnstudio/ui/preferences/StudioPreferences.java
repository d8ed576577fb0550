package org.rnnstudio.ui.preferences;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * The studio's preferences: what a model without training settings starts with, how often the charts
 * redraw while a run goes on, and the colours of the training curves.
 */
public final class StudioPreferences extends AbstractPreferenceInitializer {

    public static final String QUALIFIER = "org.rnnstudio.ui";
    public static final String EPOCHS = "defaultEpochs";
    public static final String BATCH = "defaultBatch";
    public static final String CHART_REFRESH = "chartRefreshMillis";
    public static final String LOSS_COLOUR = "lossColour";
    public static final String ACCURACY_COLOUR = "accuracyColour";
    public static final String VALIDATION_COLOUR = "validationColour";

    private static ScopedPreferenceStore store;

    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
        }
        return store;
    }

    @Override
    public void initializeDefaultPreferences() {
        IPreferenceStore s = store();
        s.setDefault(EPOCHS, new org.rnnstudio.model.TrainingSettings().epochs);
        s.setDefault(BATCH, new org.rnnstudio.model.TrainingSettings().batch);
        s.setDefault(CHART_REFRESH, 250);
        PreferenceConverter.setDefault(s, LOSS_COLOUR, new RGB(0x1E, 0x5A, 0xA8));
        PreferenceConverter.setDefault(s, ACCURACY_COLOUR, new RGB(0x2E, 0x8B, 0x3E));
        PreferenceConverter.setDefault(s, VALIDATION_COLOUR, new RGB(0xD9, 0x82, 0x2B));
    }

    /** Training settings for a model that has none: the defaults, with the epochs and batch size of the preferences. */
    public static org.rnnstudio.model.TrainingSettings defaults() {
        org.rnnstudio.model.TrainingSettings t = new org.rnnstudio.model.TrainingSettings();
        t.epochs = epochs();
        t.batch = batch();
        return t;
    }

    public static int epochs() {
        return store().getInt(EPOCHS);
    }

    public static int batch() {
        return store().getInt(BATCH);
    }

    public static int chartRefreshMillis() {
        return store().getInt(CHART_REFRESH);
    }

    public static RGB colour(String key) {
        return PreferenceConverter.getColor(store(), key);
    }
}

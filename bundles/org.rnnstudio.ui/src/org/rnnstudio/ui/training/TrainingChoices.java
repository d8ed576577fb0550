package org.rnnstudio.ui.training;

import java.util.ArrayList;
import java.util.List;

/**
 * What the views ask the next training run to record: the group whose gradients are followed through time
 * (null: the first hidden group), the epochs at which they are recorded, and the sequence whose activations
 * are shown. Set in the views, read when a run starts.
 */
public final class TrainingChoices {

    private static volatile String gradientGroup;
    private static volatile List<Integer> gradientEpochs = List.of();
    private static volatile int sequence;

    private TrainingChoices() {
    }

    public static String gradientGroup() {
        return gradientGroup;
    }

    public static void setGradientGroup(String group) {
        gradientGroup = group == null || group.isBlank() ? null : group.trim();
    }

    /** Empty means 1, 2, 5, 10, 20, 50, ... */
    public static List<Integer> gradientEpochs() {
        return gradientEpochs;
    }

    /** Parses "1, 3, 10"; returns a message for text that is not a list of epochs, null when taken. */
    public static String setGradientEpochs(String text) {
        List<Integer> epochs = new ArrayList<>();
        if (!text.isBlank()) {
            for (String part : text.split("[,\\s]+")) {
                try {
                    int e = Integer.parseInt(part);
                    if (e < 1) {
                        return "epochs are 1 or more: " + part;
                    }
                    epochs.add(e);
                } catch (NumberFormatException ex) {
                    return "'" + part + "' is not an epoch number";
                }
            }
        }
        gradientEpochs = List.copyOf(epochs);
        return null;
    }

    /** Whether gradients through time are recorded at an epoch: the chosen epochs, or 1, 2, 5, 10, 20, 50, 100, ... */
    static boolean recorded(int epoch) {
        List<Integer> chosen = gradientEpochs;
        if (!chosen.isEmpty()) {
            return chosen.contains(epoch);
        }
        for (long scale = 1; scale <= epoch; scale *= 10) {
            if (epoch == scale || epoch == 2 * scale || epoch == 5 * scale) {
                return true;
            }
        }
        return false;
    }

    public static int sequence() {
        return sequence;
    }

    public static void setSequence(int index) {
        sequence = Math.max(0, index);
    }
}

package org.rnnstudio.export;

import java.util.Locale;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * Each connection kind, activation and loss as a PyTorch expression: the one place a new operation adds its
 * PyTorch form (the switches have no default, so the compiler names a kind that has none). Values are
 * [batch, units] tensors; a weight matrix is from x to, a diagonal and a bias are 1 x units rows.
 */
final class TorchCode {

    private TorchCode() {
    }

    /** The term a connection adds to its target's total input, f(from, W). */
    static String term(Connection connection, String from, String weights) {
        return switch (connection.kind()) {
        case FULL -> from + " @ " + weights;
        case ONE_TO_ONE -> from + " * " + weights;
        case IDENTITY -> connection.scale() == 1 ? from : number(connection.scale()) + " * " + from;
        };
    }

    /** y = f(net). */
    static String activation(Activation activation, String net) {
        return switch (activation) {
        case LINEAR -> net;
        case LOGISTIC -> "torch.sigmoid(" + net + ")";
        case TANH -> "torch.tanh(" + net + ")";
        case RELU -> "torch.relu(" + net + ")";
        case SOFTMAX -> "torch.softmax(" + net + ", dim=-1)";
        };
    }

    /**
     * The function of rnnstudio_runtime.py that sums the loss over the steps and units that have a target (ctc:
     * over the sequences' label sequences).
     */
    static String loss(UnitGroup.Loss loss) {
        return switch (loss) {
        case SQUARED_ERROR -> "squared_error";
        case LOGISTIC_CROSS_ENTROPY -> "logistic_cross_entropy";
        case CROSS_ENTROPY -> "cross_entropy";
        case CTC -> "ctc";
        };
    }

    /** A Python float literal that reads back as the same double. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "float('nan')";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "float('inf')" : "float('-inf')";
        }
        return String.format(Locale.ROOT, "%s", Double.toString(value)).replace("E", "e");
    }

    /** A Python string literal. */
    static String string(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}

package org.rnnstudio.ui.training;

import java.text.FieldPosition;
import java.text.Format;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Tick labels at whole numbers only: epochs and time steps have no halves, and an axis that plots log10 of a
 * value is labelled 10^k at every decade. SWTChart's own log axis labels 2, 3, ... 9 times a decade as well
 * and prints values under 0.001 as 0, which made the small gradient norms unreadable.
 */
public final class WholeTicks extends Format {

    private static final long serialVersionUID = 1L;

    private final boolean decades;

    private WholeTicks(boolean decades) {
        this.decades = decades;
    }

    /** For an axis of counts: 1, 2, 3, ... */
    public static WholeTicks counts() {
        return new WholeTicks(false);
    }

    /** For an axis of log10 values: 1e-2, 1e-1, 1, 10, ... */
    static WholeTicks decades() {
        return new WholeTicks(true);
    }

    @Override
    public StringBuffer format(Object value, StringBuffer to, FieldPosition pos) {
        double v = ((Number) value).doubleValue();
        long k = Math.round(v);
        if (Math.abs(v - k) < 1e-9) {
            to.append(!decades ? Long.toString(k) : k == 0 ? "1" : k == 1 ? "10" : String.format(Locale.ROOT, "1e%d", k));
        }
        return to;
    }

    @Override
    public Object parseObject(String source, ParsePosition pos) {
        String text = source.substring(pos.getIndex()).trim();
        try {
            double value = Double.parseDouble(text);
            pos.setIndex(source.length());
            return decades ? Math.log10(value) : value;
        } catch (NumberFormatException e) {
            pos.setErrorIndex(pos.getIndex());
            return null;
        }
    }
}

package org.rnnstudio.ui.training;

import java.text.FieldPosition;
import java.text.Format;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Tick labels for an axis that plots log10 of a value on a linear scale: 10^k at every whole k, nothing in
 * between. SWTChart's own log axis labels 2, 3, ... 9 times a decade as well and prints values under 0.001
 * as 0, which made the small gradient norms unreadable.
 */
final class DecadeFormat extends Format {

    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(Object value, StringBuffer to, FieldPosition pos) {
        double exponent = ((Number) value).doubleValue();
        long k = Math.round(exponent);
        if (Math.abs(exponent - k) < 1e-9) {
            to.append(k == 0 ? "1" : k == 1 ? "10" : String.format(Locale.ROOT, "1e%d", k));
        }
        return to;
    }

    @Override
    public Object parseObject(String source, ParsePosition pos) {
        String text = source.substring(pos.getIndex()).trim();
        try {
            double value = Double.parseDouble(text);
            pos.setIndex(source.length());
            return Math.log10(value);
        } catch (NumberFormatException e) {
            pos.setErrorIndex(pos.getIndex());
            return null;
        }
    }
}

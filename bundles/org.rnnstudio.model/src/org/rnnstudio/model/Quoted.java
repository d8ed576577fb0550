package org.rnnstudio.model;

/**
 * A value from a file as an error message shows it: at most {@link #MAX} characters, control characters
 * and anything outside printable ASCII escaped, so that a 45 MB line or binary bytes never reach a terminal.
 */
public final class Quoted {

    public static final int MAX = 40;

    /** A file's path is shown whole up to this length: a person must see where a file was looked for. */
    public static final int MAX_PATH = 400;

    private Quoted() {
    }

    /** The text in single quotes, shortened with "..." and a character count when it is longer than {@link #MAX}. */
    public static String of(CharSequence text) {
        return quoted(text, MAX);
    }

    /** A path or a data spec that names one, shortened only beyond {@link #MAX_PATH} characters. */
    public static String path(CharSequence text) {
        return quoted(text, MAX_PATH);
    }

    /** The text as a file spells a string, in double quotes, shortened and escaped as {@link #of} does. */
    public static String string(CharSequence text) {
        return quoted(text, MAX, '"');
    }

    private static String quoted(CharSequence text, int max) {
        return quoted(text, max, '\'');
    }

    private static String quoted(CharSequence text, int max, char quote) {
        StringBuilder q = new StringBuilder().append(quote);
        int shown = Math.min(text.length(), max);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == quote) {
                q.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                q.append(c);
            } else {
                q.append(String.format("\\u%04x", (int) c));
            }
        }
        q.append(quote);
        if (text.length() > max) {
            q.append("... (").append(text.length()).append(" characters)");
        }
        return q.toString();
    }
}

package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Text as sequences for next-character prediction: each character one-hot over the text's vocabulary (its
 * distinct characters in code-point order); at every step the target is the next character. A text file is
 * read within {@link #MAX_FILE}.
 */
public final class TextData {

    /** Larger than the usual character-level corpora (a few megabytes); each character becomes two one-hot rows. */
    public static final long MAX_FILE = 32L << 20;

    private TextData() {
    }

    public static String vocabulary(String text) {
        TreeSet<Character> chars = new TreeSet<>();
        for (char c : text.toCharArray()) {
            chars.add(c);
        }
        StringBuilder v = new StringBuilder();
        for (char c : chars) {
            v.append(c);
        }
        return v.toString();
    }

    /** Consecutive windows of length characters, each with the following character as its last target. */
    public static List<Sequence> windows(String text, String vocabulary, int length, String in, String out) {
        List<Sequence> list = new ArrayList<>();
        for (int start = 0; start + length < text.length(); start += length) {
            double[][] x = new double[length][vocabulary.length()];
            double[][] y = new double[length][vocabulary.length()];
            for (int t = 0; t < length; t++) {
                x[t][index(vocabulary, text.charAt(start + t))] = 1;
                y[t][index(vocabulary, text.charAt(start + t + 1))] = 1;
            }
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    static int index(String vocabulary, char c) {
        int i = vocabulary.indexOf(c);
        if (i < 0) {
            throw new IllegalArgumentException("'" + c + "' is not in the vocabulary");
        }
        return i;
    }
}

package org.rnnstudio.engine.ctc;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a read sequence is from the truth: the edit distance (insertions, deletions, substitutions,
 * Levenshtein 1966) counted over characters or over words, divided by the truth's length.
 */
public final class ErrorRates {

    private ErrorRates() {
    }

    /** The fewest insertions, deletions and substitutions that turn {@code read} into {@code truth}. */
    public static int editDistance(int[] truth, int[] read) {
        int[] previous = new int[read.length + 1];
        int[] current = new int[read.length + 1];
        for (int j = 0; j <= read.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= truth.length; i++) {
            current[0] = i;
            for (int j = 1; j <= read.length; j++) {
                int substitution = previous[j - 1] + (truth[i - 1] == read[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[read.length];
    }

    /** Character error rate: edit distance over characters divided by the truth's length (1 per extra character when the truth is empty). */
    public static double characterErrorRate(String truth, String read) {
        return rate(editDistance(truth.codePoints().toArray(), read.codePoints().toArray()), truth.codePointCount(0, truth.length()));
    }

    /** Word error rate: the same over words separated by white space. */
    public static double wordErrorRate(String truth, String read) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] truthWords = words(truth, numbers);
        return rate(editDistance(truthWords, words(read, numbers)), truthWords.length);
    }

    private static double rate(int distance, int length) {
        return length == 0 ? distance : distance / (double) length;
    }

    /** Words as numbers (equal words, equal numbers, in both texts), so that the same edit distance counts them. */
    private static int[] words(String text, Map<String, Integer> numbers) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split("\\s+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = numbers.computeIfAbsent(parts[i], k -> numbers.size());
        }
        return ids;
    }
}

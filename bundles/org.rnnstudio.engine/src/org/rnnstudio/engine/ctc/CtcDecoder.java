package org.rnnstudio.engine.ctc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a label sequence off the network's per-step class probabilities: the best path (the most likely
 * class at each step, repeats merged, blanks dropped) or prefix beam search, which sums the probability of
 * every alignment of each candidate prefix and keeps the best few, so that a label spread over several
 * less likely paths can win over the single most likely path.
 */
public final class CtcDecoder {

    private CtcDecoder() {
    }

    /** The most likely class at each of the first {@code length} steps, repeats merged, blanks dropped. */
    public static int[] bestPath(double[][] probabilities, int length) {
        List<Integer> labels = new ArrayList<>();
        int previous = Ctc.BLANK;
        for (int t = 0; t < length; t++) {
            int best = 0;
            for (int c = 1; c < probabilities[t].length; c++) {
                if (probabilities[t][c] > probabilities[t][best]) {
                    best = c;
                }
            }
            if (best != Ctc.BLANK && best != previous) {
                labels.add(best);
            }
            previous = best;
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The probability, in log space, that a prefix has been emitted so far ending on a blank, or on its last label. */
    private static final class Beam {
        double endsInBlank = Double.NEGATIVE_INFINITY;
        double endsInLabel = Double.NEGATIVE_INFINITY;

        double total() {
            return Ctc.logSum(endsInBlank, endsInLabel);
        }
    }

    /**
     * Prefix beam search over the first {@code length} steps keeping {@code width} prefixes; returns the most
     * probable label sequence found. Width 1 is not the best path: it still merges alignments.
     */
    public static int[] prefixBeamSearch(double[][] probabilities, int length, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("the beam holds at least one prefix, not " + width);
        }
        // a prefix is a string of class numbers, a cheap key for the map
        Map<String, Beam> beams = new HashMap<>();
        Beam empty = new Beam();
        empty.endsInBlank = 0;
        beams.put("", empty);
        for (int t = 0; t < length; t++) {
            Map<String, Beam> next = new HashMap<>();
            for (Map.Entry<String, Beam> entry : beams.entrySet()) {
                String prefix = entry.getKey();
                Beam beam = entry.getValue();
                double[] p = probabilities[t];
                Beam same = next.computeIfAbsent(prefix, k -> new Beam());
                same.endsInBlank = Ctc.logSum(same.endsInBlank, beam.total() + Math.log(p[Ctc.BLANK]));
                int last = prefix.isEmpty() ? -1 : prefix.charAt(prefix.length() - 1);
                for (int c = 1; c < p.length; c++) {
                    double logP = Math.log(p[c]);
                    Beam longer = next.computeIfAbsent(prefix + (char) c, k -> new Beam());
                    if (c == last) {
                        // the same label again extends the prefix only after a blank; otherwise it merges into it
                        longer.endsInLabel = Ctc.logSum(longer.endsInLabel, beam.endsInBlank + logP);
                        same.endsInLabel = Ctc.logSum(same.endsInLabel, beam.endsInLabel + logP);
                    } else {
                        longer.endsInLabel = Ctc.logSum(longer.endsInLabel, beam.total() + logP);
                    }
                }
            }
            beams = best(next, width);
        }
        String winner = best(beams, 1).keySet().iterator().next();
        return winner.chars().toArray();
    }

    private static Map<String, Beam> best(Map<String, Beam> candidates, int width) {
        List<Map.Entry<String, Beam>> sorted = new ArrayList<>(candidates.entrySet());
        // ties go to the shorter, then the smaller prefix, so that the result does not depend on the map's order
        sorted.sort((a, b) -> {
            int byProbability = Double.compare(b.getValue().total(), a.getValue().total());
            if (byProbability != 0) {
                return byProbability;
            }
            int byLength = Integer.compare(a.getKey().length(), b.getKey().length());
            return byLength != 0 ? byLength : a.getKey().compareTo(b.getKey());
        });
        Map<String, Beam> kept = new HashMap<>();
        for (Map.Entry<String, Beam> e : sorted.subList(0, Math.min(width, sorted.size()))) {
            kept.put(e.getKey(), e.getValue());
        }
        return kept;
    }
}

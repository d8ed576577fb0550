package org.rnnstudio.export;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.model.UnitGroup;

/**
 * Sequences as the CSV that RNN Studio's data loader reads (docs/model-format.md): a {@code sequence}
 * column, then one column per unit of every input group and of every output group, {@code GROUP.UNIT};
 * an empty target cell is "no target here"; a name that comes again is written NAME~2, NAME~3, ... An output with the ctc loss has one column instead,
 * {@code GROUP.labels}: the sequence's labels on its first row. For training on another engine with the same
 * data, e.g. the PyTorch package's train.py.
 */
public final class SequencesCsv {

    private SequencesCsv() {
    }

    public static String write(Plan plan, List<Sequence> sequences) {
        StringBuilder csv = new StringBuilder("sequence");
        for (UnitGroup g : plan.groups()) {
            if (labelled(g)) {
                csv.append(',').append(g.id()).append(".labels");
            } else if (g.isInput() || g.isOutput()) {
                for (int u = 0; u < g.size(); u++) {
                    csv.append(',').append(g.id()).append('.').append(u);
                }
            }
        }
        csv.append('\n');
        Set<String> written = new HashSet<>();
        for (int s = 0; s < sequences.size(); s++) {
            Sequence sequence = sequences.get(s);
            // a CSV's sequences keep their names; generated ones are numbered from 1
            String base = sequence.id() != null ? sequence.id() : Integer.toString(s + 1);
            // a generator may name two sequences alike (the same word twice): the loader would read them as one, or refuse them
            String name = base;
            for (int k = 2; !written.add(name); k++) {
                name = base + "~" + k;
            }
            for (int t = 0; t < sequence.length(); t++) {
                csv.append(name);
                for (UnitGroup g : plan.groups()) {
                    if (labelled(g)) {
                        csv.append(',').append(t == 0 ? labels(sequence.labels().get(g.id())) : "");
                    } else if (g.isInput() || g.isOutput()) {
                        double[][] values = (g.isInput() ? sequence.inputs() : sequence.targets()).get(g.id());
                        for (int u = 0; u < g.size(); u++) {
                            double v = values == null ? (g.isInput() ? 0 : Double.NaN) : values[t][u];
                            csv.append(',');
                            if (!Double.isNaN(v)) {
                                csv.append(v);
                            }
                        }
                    }
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static boolean labelled(UnitGroup g) {
        return g.isOutput() && g.loss() == UnitGroup.Loss.CTC;
    }

    private static String labels(int[] labels) {
        StringJoiner j = new StringJoiner(" ");
        for (int label : labels == null ? new int[0] : labels) {
            j.add(Integer.toString(label));
        }
        return j.toString();
    }
}

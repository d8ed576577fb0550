package org.rnnstudio.help;

import java.util.List;
import java.util.stream.Collectors;

/** The sections of the tour, in the lecture's order: the task cheat sheets the composite one walks through. */
public final class Tour {

    /** A section: its cheat sheet's id and the lecture's name for it. */
    public record Section(String id, String title) {
    }

    public static final List<Section> SECTIONS = List.of(
            new Section("org.rnnstudio.help.memoryless", "Memoryless models for sequences"),
            new Section("org.rnnstudio.help.lds", "Linear dynamical systems"),
            new Section("org.rnnstudio.help.hmm", "Hidden Markov models and the log N limit"),
            new Section("org.rnnstudio.help.dynamics", "What RNNs can do"),
            new Section("org.rnnstudio.help.unrolled", "RNNs as feed-forward nets with shared weights"),
            new Section("org.rnnstudio.help.bptt", "Backpropagation with weight constraints and through time"),
            new Section("org.rnnstudio.help.inputsTargets", "Giving inputs and targets"),
            new Section("org.rnnstudio.help.binaryAdder", "A toy example: the binary adder"),
            new Section("org.rnnstudio.help.gradients", "Exploding and vanishing gradients"),
            new Section("org.rnnstudio.help.lstm", "Long short-term memory"),
            new Section("org.rnnstudio.help.hessianFree", "Hessian-free optimisation"),
            new Section("org.rnnstudio.help.echoState", "Echo state networks"),
            new Section("org.rnnstudio.help.momentumInit", "Good initialisation with momentum"),
            new Section("org.rnnstudio.help.handwriting", "Reading cursive handwriting"));

    private Tour() {
    }

    static String sectionLinks() {
        return SECTIONS.stream().map(s -> "<a href=\"" + s.id() + "\">" + s.title() + "</a>").collect(Collectors.joining(", ")) + ".";
    }
}

package org.rnnstudio.ui.editor.hidden;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.gef.EditPart;
import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.properties.Properties;

/**
 * What the canvas holds for a hidden-state model, and what the palette's hidden-state entries do on it: an
 * LDS or an HMM dropped on an empty model makes it one; a state dropped on an HMM adds a state.
 */
public final class HiddenStateParts {

    private HiddenStateParts() {
    }

    /** The LDS as one drawing, or the HMM's states (their transitions hang off them as connections). */
    public static List<Object> children(Model model) {
        List<Object> children = new ArrayList<>();
        if (model.kind() == Model.Kind.LDS && model.lds() != null) {
            children.add(model.lds());
        } else if (model.kind() == Model.Kind.HMM && model.hmm() != null) {
            for (int i = 0; i < model.hmm().states(); i++) {
                children.add(new HmmState(i));
            }
        }
        return children;
    }

    /** The edit part for a hidden-state element, or null for any other. */
    public static EditPart create(ModelDocument document, Object model) {
        if (model instanceof LdsDescription lds) {
            return new LdsPart(document, lds);
        }
        if (model instanceof HmmState state) {
            return new HmmStatePart(document, state);
        }
        if (model instanceof HmmTransition transition) {
            return new HmmTransitionPart(document, transition);
        }
        return null;
    }

    /** Redraws a hidden-state part and its arrows after a change. */
    public static void refresh(EditPart part) {
        part.refresh();
        if (part instanceof HmmStatePart state) {
            for (Object connection : state.getSourceConnections()) {
                ((EditPart) connection).refresh();
            }
        }
    }

    /** The model's properties, with an HMM's sizes and emission kind after them. */
    public static Properties properties(ModelDocument document, Properties forModel) {
        HmmDescription h = document.model().kind() == Model.Kind.HMM ? document.model().hmm() : null;
        if (h == null) {
            return forModel;
        }
        String c = "Hidden Markov model";
        return forModel.readOnly("hmm.states", "States", c, () -> Integer.toString(h.states()))
                .choice("hmm.emission", "Emission", c, HmmDescription.Emission.class, h::emission, h::setEmission)
                .number("hmm.symbols", "Symbols (categorical)", c, h::symbols, h::setSymbols, 1, 1_000_000)
                .number("hmm.dimensions", "Dimensions (Gaussian)", c, h::dimensions, h::setDimensions, 1, 10_000)
                .real("hmm.pseudocount", "Pseudocount", c, h::pseudocount, h::setPseudocount, 0, 1e6);
    }

    /** The command a palette entry dropped on the canvas makes, or null where it does not fit. */
    public static Command createCommand(ModelDocument document, Object created) {
        Model model = document.model();
        boolean empty = model.groups().isEmpty() && model.cells().isEmpty() && model.connections().isEmpty();
        if (created instanceof HmmState && model.kind() == Model.Kind.HMM) {
            return new HiddenStateCommand("Add state", document, m -> HmmEdits.addState(m.hmm()));
        }
        if (created instanceof LdsDescription lds && empty && model.kind() != Model.Kind.LDS) {
            return new HiddenStateCommand("Make a linear dynamical system", document, m -> {
                m.setKind(Model.Kind.LDS);
                m.setLds(lds);
                m.setHmm(null);
            });
        }
        if (created instanceof HmmDescription hmm && empty && model.kind() != Model.Kind.HMM) {
            return new HiddenStateCommand("Make a hidden Markov model", document, m -> {
                m.setKind(Model.Kind.HMM);
                m.setHmm(hmm);
                m.setLds(null);
            });
        }
        return null;
    }
}

package org.rnnstudio.ui.editor.hidden;

import java.util.function.Consumer;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.editor.ModelDocument;

/**
 * An undoable change to a hidden-state model's description (its kind, an LDS's or an HMM's sizes, names and
 * parameters): the change is made on a copy, and execute, undo and redo swap whole descriptions, so adding
 * or removing a state undoes exactly however many parameter sets it touched.
 */
public class HiddenStateCommand extends Command {

    private record Description(Model.Kind kind, LdsDescription lds, HmmDescription hmm) {
        static Description of(Model m) {
            return new Description(m.kind(), m.lds(), m.hmm());
        }

        void applyTo(Model m) {
            m.setKind(kind);
            m.setLds(lds);
            m.setHmm(hmm);
        }
    }

    private final ModelDocument document;
    private final Consumer<Model> change;
    private Description before;
    private Description after;

    /** {@code change} edits a copy of the model; only its kind and descriptions are taken over. */
    public HiddenStateCommand(String label, ModelDocument document, Consumer<Model> change) {
        super(label);
        this.document = document;
        this.change = change;
    }

    @Override
    public void execute() {
        Model model = document.model();
        before = Description.of(model);
        Model copy = ModelFile.read(ModelFile.write(model)).model();
        change.accept(copy);
        after = Description.of(copy);
        redo();
    }

    @Override
    public void redo() {
        after.applyTo(document.model());
        document.changed();
    }

    @Override
    public void undo() {
        before.applyTo(document.model());
        document.changed();
    }
}

package org.rnnstudio.ui.editor.commands;

import java.util.function.Consumer;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.ui.editor.ModelDocument;

/** A change to one value of the model given as "set to new" and "set back to old". */
public class ChangeCommand<T> extends Command {

    private final ModelDocument document;
    private final Consumer<T> setter;
    private final T newValue;
    private final T oldValue;
    private final ModelDocument.Change change;

    public ChangeCommand(String label, ModelDocument document, Consumer<T> setter, T oldValue, T newValue) {
        this(label, document, ModelDocument.Change.STRUCTURE, setter, oldValue, newValue);
    }

    public ChangeCommand(String label, ModelDocument document, ModelDocument.Change change, Consumer<T> setter, T oldValue, T newValue) {
        super(label);
        this.document = document;
        this.change = change;
        this.setter = setter;
        this.oldValue = oldValue;
        this.newValue = newValue;
    }

    @Override
    public void execute() {
        setter.accept(newValue);
        document.changed(change);
    }

    @Override
    public void undo() {
        setter.accept(oldValue);
        document.changed(change);
    }
}

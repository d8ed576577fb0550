package org.rnnstudio.ui.editor.parts;

import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.tools.CellEditorLocator;
import org.eclipse.gef.tools.DirectEditManager;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Text;

/** Edits a group's name in place, over the name at the top of its figure. */
class NameEditManager extends DirectEditManager {

    NameEditManager(GroupPart part) {
        super(part, TextCellEditor.class, new CellEditorLocator() {
            @Override
            public void relocate(CellEditor editor) {
                Rectangle r = part.getFigure().getBounds().getCopy();
                part.getFigure().translateToAbsolute(r);
                Text text = (Text) editor.getControl();
                text.setBounds(r.x + 4, r.y + 2, Math.max(80, r.width - 8), 22);
            }
        });
    }

    @Override
    protected void initCellEditor() {
        getCellEditor().setValue(((GroupPart) getEditPart()).group().name());
        ((Text) getCellEditor().getControl()).selectAll();
    }

    @Override
    protected CellEditor createCellEditorOn(org.eclipse.swt.widgets.Composite composite) {
        return new TextCellEditor(composite, SWT.SINGLE);
    }
}

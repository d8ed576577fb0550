package org.rnnstudio.ui.quickfix;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.swt.graphics.Image;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.MarkerUpdater;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.commands.ChangeCommand;
import org.rnnstudio.ui.workbench.ActiveModel;

/**
 * Quick Fix (Ctrl+1 in the Problems view) for the two mistakes a drawing most often has: a cycle without a
 * delay (give its connection a delay of 1, which is what a recurrent connection is) and a one-to-one or
 * product connection between groups of unequal size (resize the group it goes into). Each fix is one
 * command on the editor's stack, so Undo takes it back; the file opens in the editor if it is not open.
 */
public class ModelQuickFixes implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        return getResolutions(marker).length > 0;
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        String message = marker.getAttribute(IMarker.MESSAGE, "");
        String id = marker.getAttribute(MarkerUpdater.ELEMENT_ID, null);
        if (id == null || !(marker.getResource() instanceof IFile)) {
            return new IMarkerResolution[0];
        }
        List<IMarkerResolution> fixes = new ArrayList<>();
        if (message.startsWith("cycle with no delay")) {
            fixes.add(new Fix("Make connection '" + id + "' delayed (delay 1)", "A delay of 1 reads the value of the previous time step, "
                    + "which breaks the cycle within a step: this is what makes a connection recurrent.", id, Fix.Kind.DELAY));
        } else if (message.contains(" units, '") && message.contains("' has ")) {
            fixes.add(new Fix("Resize the group the connection '" + id + "' goes into to the size of the group it comes from",
                    "One-to-one and product connections join groups unit by unit, so both need the same number of units.", id, Fix.Kind.RESIZE));
        }
        return fixes.toArray(new IMarkerResolution[0]);
    }

    /** One fix on one connection, applied through the editor's command stack. */
    static final class Fix implements IMarkerResolution2 {
        enum Kind { DELAY, RESIZE }

        private final String label;
        private final String description;
        private final String connectionId;
        private final Kind kind;

        Fix(String label, String description, String connectionId, Kind kind) {
            this.label = label;
            this.description = description;
            this.connectionId = connectionId;
            this.kind = kind;
        }

        @Override
        public String getLabel() {
            return label;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public void run(IMarker marker) {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            RnnEditor editor;
            try {
                editor = ActiveModel.open(page, (IFile) marker.getResource());
            } catch (org.eclipse.core.commands.ExecutionException e) {
                return;
            }
            Model model = editor.document().model();
            Connection c = model.connection(connectionId);
            if (c == null) {
                return;
            }
            if (kind == Kind.DELAY) {
                editor.getCommandStack().execute(new ChangeCommand<Integer>("Make Connection Delayed", editor.document(), c::setDelay, c.delay(), 1));
                return;
            }
            int size = sizeOf(model, c.from());
            UnitGroup to = model.group(c.to());
            if (to != null && size > 0) {
                editor.getCommandStack().execute(new ChangeCommand<Integer>("Resize '" + to.id() + "'", editor.document(), to::setSize, to.size(), size));
                return;
            }
            Cell cell = model.cell(c.to());
            if (cell != null && size > 0) {
                editor.getCommandStack().execute(new ChangeCommand<Integer>("Resize '" + cell.id() + "'", editor.document(), cell::setSize, cell.size(), size));
            }
        }

        private static int sizeOf(Model model, String id) {
            UnitGroup g = model.group(id);
            if (g != null) {
                return g.size();
            }
            Cell cell = model.cell(id);
            return cell != null ? cell.size() : 0;
        }
    }
}

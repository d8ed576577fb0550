package org.rnnstudio.ui.editor;

import org.eclipse.gef.tools.ConnectionCreationTool;
import org.eclipse.swt.SWT;

/**
 * Draws one connection, then hands back to the selection tool as Eclipse's diagram editors do, so that a
 * following double click opens a cell instead of drawing a self-loop. Holding Ctrl or Shift as the
 * connection is finished keeps the tool for the next one.
 */
public class ConnectionTool extends ConnectionCreationTool {

    @Override
    protected void handleFinished() {
        if (getCurrentInput().isModKeyDown(SWT.MOD1) || getCurrentInput().isShiftKeyDown()) {
            reactivate();
        } else {
            getDomain().loadDefaultTool();
        }
    }
}

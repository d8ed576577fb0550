package org.eclipse.help.ui.internal.views;

/** Named by the stand-in HelpTray's signature; never made: see HelpTray. */
public final class ReusableHelpPart {

    private ReusableHelpPart() {
    }
}

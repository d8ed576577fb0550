package org.eclipse.help.ui.internal.views;

/** Named by the Cheat Sheets view when it loads; see HelpTray. */
public interface IHelpPartPage {
}

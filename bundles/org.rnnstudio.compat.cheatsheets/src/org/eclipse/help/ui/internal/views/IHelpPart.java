package org.eclipse.help.ui.internal.views;

/** Named by the Cheat Sheets view's help part when it loads; see HelpTray. */
public interface IHelpPart {
}

package org.rnnstudio.ui.editor.hidden;

/** The transition from state {@code from} to state {@code to} of the editor's HMM: an arrow of the state graph. */
public record HmmTransition(int from, int to) {
}

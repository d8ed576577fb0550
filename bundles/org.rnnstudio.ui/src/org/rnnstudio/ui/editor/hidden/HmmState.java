package org.rnnstudio.ui.editor.hidden;

/** State {@code index} of the editor's HMM, as the canvas shows it: a node of the state graph. */
public record HmmState(int index) {
}

package org.rnnstudio.ui.figures;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/** Colours made on demand; since SWT 3.x on GTK a Color holds no OS resource, so they are kept, not disposed. */
final class ColourCache {

    private static final Map<RGB, Color> COLOURS = new HashMap<>();

    private ColourCache() {
    }

    static synchronized Color get(RGB rgb) {
        return COLOURS.computeIfAbsent(rgb, key -> new Color(null, key));
    }
}

package org.rnnstudio.model;

import java.util.ArrayList;
import java.util.List;

/** How the training settings' enums are spelt in files ("small-uniform"), both ways. */
public final class FileNames {

    private FileNames() {
    }

    /** Every constant's file name, in declaration order: the choices a file, an option or a combo offers. */
    public static <E extends Enum<E>> List<String> of(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(ModelFile.fileName(e));
        }
        return List.copyOf(names);
    }

    /** The constant a file name spells; a name the file reader would have refused is a programming error. */
    static <E extends Enum<E>> E named(Class<E> type, String fileName) {
        for (E e : type.getEnumConstants()) {
            if (ModelFile.fileName(e).equals(fileName)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + " '" + fileName
                + "' (one of " + String.join(", ", of(type)) + ")");
    }
}

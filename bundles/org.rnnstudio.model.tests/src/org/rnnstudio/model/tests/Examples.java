package org.rnnstudio.model.tests;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The repository's examples/ folder, which the build passes to every test run. */
public final class Examples {

    private Examples() {
    }

    public static Path file(String relative) {
        return Paths.get(System.getProperty("rnnstudio.examples", "../../examples")).resolve(relative);
    }
}

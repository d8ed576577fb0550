package org.rnnstudio.model;

/**
 * The {@code "format"} stamp of a model file, {@code rnnstudio-model/N}. A file stamped with a newer N than
 * this build knows is refused rather than half read: its meaning may have changed.
 */
public final class FormatVersion {

    public static final String PREFIX = "rnnstudio-model/";
    public static final int CURRENT = 1;
    public static final String CURRENT_STAMP = PREFIX + CURRENT;

    private FormatVersion() {
    }

    /**
     * Checks a stamp read from a file.
     *
     * @return null when this build reads the file, otherwise the message to show
     */
    public static String check(String stamp) {
        if (stamp == null) {
            return "missing \"format\": expected \"" + CURRENT_STAMP + "\"";
        }
        if (!stamp.startsWith(PREFIX)) {
            return "\"format\" is \"" + stamp + "\", not an RNN Studio model (expected \"" + CURRENT_STAMP + "\")";
        }
        int version;
        try {
            version = Integer.parseInt(stamp.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return "\"format\" is \"" + stamp + "\": the version after \"" + PREFIX + "\" is not a number";
        }
        if (version > CURRENT) {
            return "this file was made by a newer RNN Studio (format " + stamp + "; this one reads up to "
                    + CURRENT_STAMP + ")";
        }
        if (version < 1) {
            return "\"format\" is \"" + stamp + "\": there is no such version";
        }
        return null;
    }
}

package org.rnnstudio.ui.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lecture's names for what an LSTM cell expands into (CELL.keep, CELL.write, CELL.read, CELL.cell, ...),
 * and an order that keeps a cell's gates together, keep, write and read first, then its cell state.
 */
public final class Gates {

    private static final List<String> ORDER = List.of("keep", "write", "read", "candidate", "cell", "kept", "written");
    private static final Map<String, String> NAMES = Map.of("keep", "keep gate", "write", "write gate", "read", "read gate",
            "candidate", "candidate", "cell", "cell state", "kept", "kept memory", "written", "written memory");

    private Gates() {
    }

    /** "memory.keep" reads "memory: keep gate"; anything else reads as it is. */
    public static String name(String id) {
        int dot = id.lastIndexOf('.');
        String part = dot < 0 ? null : NAMES.get(id.substring(dot + 1));
        return part == null ? id : id.substring(0, dot) + ": " + part;
    }

    /** The same entries, a cell's parts next to each other in the lecture's order, everything else in place. */
    public static <V> Map<String, V> grouped(Map<String, V> byId) {
        List<String> ids = new ArrayList<>(byId.keySet());
        List<String> firstSeen = new ArrayList<>();
        for (String id : ids) {
            if (!firstSeen.contains(owner(id))) {
                firstSeen.add(owner(id));
            }
        }
        ids.sort(Comparator.comparingInt((String id) -> firstSeen.indexOf(owner(id))).thenComparingInt(Gates::rank));
        Map<String, V> out = new LinkedHashMap<>();
        for (String id : ids) {
            out.put(id, byId.get(id));
        }
        return out;
    }

    private static String owner(String id) {
        int dot = id.lastIndexOf('.');
        return dot >= 0 && ORDER.contains(id.substring(dot + 1)) ? id.substring(0, dot) : id;
    }

    private static int rank(String id) {
        int dot = id.lastIndexOf('.');
        int r = dot < 0 ? -1 : ORDER.indexOf(id.substring(dot + 1));
        return r < 0 ? ORDER.size() : r;
    }
}

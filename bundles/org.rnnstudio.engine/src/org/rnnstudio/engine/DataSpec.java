package org.rnnstudio.engine;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rnnstudio.engine.pen.HandwritingData;
import org.rnnstudio.engine.pen.HersheyFont;
import org.rnnstudio.model.Quoted;
import org.rnnstudio.model.TextFiles;
import org.rnnstudio.model.UnitGroup;

/**
 * Where training data come from, as one string: a CSV file's path, or a generator with its settings,
 * {@code NAME:key=value,key=value,flag}. Generators:
 * <ul>
 * <li>{@code binary-adder:bits=N,count=C,seed=S}: C random pairs of N-bit numbers (defaults 6, 1000, 1);
 * {@code binary-adder:bits=N,all}: every pair. The model needs one input group of 2 units and one output
 * group of 1 unit.</li>
 * <li>{@code adding}, {@code temporal-order}, {@code copy:symbols=K}, {@code sine}, {@code mackey-glass:tau=T},
 * each with {@code length=L,count=C,seed=S}: see {@link Generators}; {@code mackey-glass:...,generative}
 * gives the series as targets alone, for a network that feeds its output back (no input group).</li>
 * <li>{@code handwriting:font=F,count=C,seed=S,words=W,variation=V}: C words written in a Hershey script font
 * (cursive, scripts, scriptc or all; default all) by random writers (variation 0 to 3, default 1), from the
 * project's word list (W: train, test (every fifth word, held out) or all); the model needs one input group of
 * 3 units (dx, dy, pen) and one ctc output of 27 (the blank and a to z). See
 * {@link org.rnnstudio.engine.pen.HandwritingData}.</li>
 * </ul>
 */
public final class DataSpec {

    private DataSpec() {
    }

    /** Data to train or evaluate on: every output group has a target somewhere. */
    public static List<Sequence> load(String spec, Plan plan) throws DataException {
        return load(spec, plan, true);
    }

    /** Data to run the model on, whose outputs are to be found: targets may be missing everywhere. */
    public static List<Sequence> inputs(String spec, Plan plan) throws DataException {
        return load(spec, plan, false);
    }

    /** The spec's sequences for the plan; data that would not fit in the heap are refused before they are made. */
    private static List<Sequence> load(String spec, Plan plan, boolean targetsNeeded) throws DataException {
        try {
            List<Sequence> data = read(spec, plan, targetsNeeded);
            if (targetsNeeded) {
                CtcLoss.check(data, plan);
            }
            return data;
        } catch (MemoryBudget.TooLarge e) {
            throw new DataException(e.getMessage());
        }
    }

    private static List<Sequence> read(String spec, Plan plan, boolean targetsNeeded) throws DataException {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        if (name.equals("binary-adder")) {
            return binaryAdder(settings(spec, colon), plan);
        }
        if (name.equals("text")) {
            return text(settings(spec, colon), plan);
        }
        if (name.equals("handwriting")) {
            return handwriting(settings(spec, colon), plan);
        }
        if (GENERATORS.contains(name)) {
            return generated(name, settings(spec, colon), plan);
        }
        Path file = Paths.get(spec);
        if (Files.isRegularFile(file)) {
            try {
                MemoryBudget.checkCsv(file, plan);
                return CsvData.read(file, plan, targetsNeeded);
            } catch (IOException e) {
                throw new DataException("cannot read " + Quoted.path(spec) + ": " + e.getMessage());
            }
        }
        throw new DataException("data " + Quoted.path(spec) + " is neither a file nor a generator (generators: binary-adder, handwriting, "
                + String.join(", ", GENERATORS)
                + "; see docs/model-format.md)");
    }

    /** text:file=PATH,length=L: windows of a text file for next-character prediction (see {@link TextData}). */
    private static List<Sequence> text(Map<String, String> settings, Plan plan) throws DataException {
        for (String key : settings.keySet()) {
            if (!List.of("file", "length").contains(key)) {
                throw new DataException("text: unknown setting " + Quoted.of(key) + " (file, length)");
            }
        }
        String text = readText(settings.get("file"));
        String vocabulary = TextData.vocabulary(text);
        int length = number("text", settings, "length", 50, 1, 100_000);
        UnitGroup in = single(plan, true, vocabulary.length(), "text (" + vocabulary.length() + " distinct characters)");
        UnitGroup out = single(plan, false, vocabulary.length(), "text (" + vocabulary.length() + " distinct characters)");
        if (text.length() <= length) {
            throw new DataException("text: " + settings.get("file") + " has " + text.length() + " characters, fewer than one window of " + (length + 1));
        }
        MemoryBudget.checkSequences("text data", (text.length() - 1) / length, length, vocabulary.length(), vocabulary.length(), 0);
        return TextData.windows(text, vocabulary, length, in.id(), out.id());
    }

    private static List<Sequence> handwriting(Map<String, String> settings, Plan plan) throws DataException {
        for (String key : settings.keySet()) {
            if (!List.of("font", "count", "seed", "words", "variation").contains(key)) {
                throw new DataException("handwriting: unknown setting '" + key + "' (font, count, seed, words, variation)");
            }
        }
        String fontName = settings.getOrDefault("font", "all");
        List<String> names = fontName.equals("all") ? HandwritingData.FONTS : List.of(fontName);
        if (!fontName.equals("all") && !HandwritingData.FONTS.contains(fontName)) {
            throw new DataException("handwriting: font=" + fontName + " is not one of cursive, scripts, scriptc, all");
        }
        String which = settings.getOrDefault("words", "train");
        if (!List.of("train", "test", "all").contains(which)) {
            throw new DataException("handwriting: words=" + which + " is not train, test or all");
        }
        int count = number("handwriting", settings, "count", 1000, 1, 1_000_000);
        int seed = number("handwriting", settings, "seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        double variation;
        try {
            variation = Double.parseDouble(settings.getOrDefault("variation", "1"));
        } catch (NumberFormatException e) {
            variation = Double.NaN;
        }
        if (!(variation >= 0 && variation <= 3)) {
            throw new DataException("handwriting: variation=" + settings.get("variation") + " must be a number from 0 to 3");
        }
        UnitGroup in = single(plan, true, 3, "handwriting");
        UnitGroup out = single(plan, false, HandwritingData.CLASSES, "handwriting");
        if (out.loss() != UnitGroup.Loss.CTC) {
            throw new DataException("handwriting data carry labels with no alignment: the output '" + out.id() + "' needs the ctc loss");
        }
        MemoryBudget.checkSequences("handwriting data", count, 250, 3, 0, 0);
        try {
            List<HersheyFont> fonts = new java.util.ArrayList<>();
            for (String n : names) {
                fonts.add(HersheyFont.named(n));
            }
            return HandwritingData.generate(fonts, HandwritingData.words(which), count, seed, variation, in.id(), out.id());
        } catch (IOException e) {
            throw new DataException("handwriting: " + e.getMessage() + " (the fonts come with the system package hershey-fonts-data)");
        }
    }

    /** The text of a text data spec's file ("text:file=PATH,..."), or null when the spec is not text. */
    public static String textOf(String spec) throws DataException {
        int colon = spec.indexOf(':');
        if (colon < 0 || !spec.substring(0, colon).equals("text")) {
            return null;
        }
        return readText(settings(spec, colon).get("file"));
    }

    private static String readText(String file) throws DataException {
        if (file == null || file.isBlank()) {
            throw new DataException("text: file=PATH is needed");
        }
        try {
            return TextFiles.read(Paths.get(file), TextData.MAX_FILE);
        } catch (TextFiles.TextException e) {
            throw new DataException("text: " + e.getMessage());
        } catch (IOException e) {
            throw new DataException("text: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static final List<String> GENERATORS = List.of("adding", "temporal-order", "copy", "sine", "mackey-glass", "addition", "multiplication", "xor",
            "temporal-order-2", "temporal-order-3", "random-permutation", "memorisation");

    private static List<Sequence> generated(String name, Map<String, String> settings, Plan plan) throws DataException {
        List<String> keys = new java.util.ArrayList<>(List.of("length", "count", "seed"));
        if (name.equals("copy")) {
            keys.add("symbols");
        }
        if (name.equals("mackey-glass")) {
            keys.add("tau");
            keys.add("generative");
        }
        for (String key : settings.keySet()) {
            if (!keys.contains(key)) {
                throw new DataException(name + ": unknown setting " + Quoted.of(key) + " (" + String.join(", ", keys) + ")");
            }
        }
        int length = number(name, settings, "length", name.equals("copy") ? 10 : 50, shortest(name), 100_000);
        int count = number(name, settings, "count", 1000, 1, 10_000_000);
        long seed = seed(name, settings);
        switch (name) {
        case "adding":
            return Generators.adding(length, count, seed, single(plan, true, 2, name).id(), single(plan, false, 1, name).id());
        case "temporal-order":
            return Generators.temporalOrder(length, count, seed, single(plan, true, 8, name).id(), single(plan, false, 4, name).id());
        case "copy":
            int symbols = number(name, settings, "symbols", 8, 2, 1000);
            return Generators.copy(length, symbols, count, seed, single(plan, true, symbols + 1, name).id(), single(plan, false, symbols, name).id());
        case "sine":
            return Generators.sine(length, count, seed, single(plan, true, 1, name).id(), single(plan, false, 1, name).id());
        case "mackey-glass":
            int tau = number(name, settings, "tau", 17, 1, 1000);
            if (settings.containsKey("generative")) {
                return Generators.mackeyGlassGenerative(length, count, tau, seed, single(plan, false, 1, name).id());
            }
            return Generators.mackeyGlass(length, count, tau, seed, single(plan, true, 1, name).id(), single(plan, false, 1, name).id());
        case "addition":
            return LongLagProblems.addition(length, count, seed, single(plan, true, 2, name).id(), single(plan, false, 1, name).id());
        case "multiplication":
            return LongLagProblems.multiplication(length, count, seed, single(plan, true, 2, name).id(), single(plan, false, 1, name).id());
        case "xor":
            return LongLagProblems.xor(length, count, seed, single(plan, true, 2, name).id(), single(plan, false, 1, name).id());
        case "temporal-order-2":
        case "temporal-order-3":
            int relevant = name.equals("temporal-order-2") ? 2 : 3;
            return LongLagProblems.temporalOrder(relevant, length, count, seed, single(plan, true, LongLagProblems.ORDER_SYMBOLS.length(), name).id(),
                    single(plan, false, 1 << relevant, name).id());
        case "random-permutation":
            int symbols100 = LongLagProblems.PERMUTATION_SYMBOLS;
            return LongLagProblems.randomPermutation(length, count, seed, single(plan, true, symbols100, name).id(), single(plan, false, symbols100, name).id());
        case "memorisation":
            return LongLagProblems.memorisation(length, count, seed, single(plan, true, 4, name).id(), single(plan, false, 2, name).id());
        default:
            throw new IllegalStateException(name);
        }
    }

    /** The shortest length at which a generator's definition holds (the relevant steps must fit in their windows). */
    private static int shortest(String generator) {
        switch (generator) {
        case "temporal-order":
            return 20;
        case "temporal-order-2":
        case "temporal-order-3":
        case "addition":
        case "multiplication":
        case "xor":
            return 10;
        case "memorisation":
            return 2 * LongLagProblems.MEMORY_BITS + 2;
        default:
            return 2;
        }
    }

    private static Map<String, String> settings(String spec, int colon) throws DataException {
        Map<String, String> settings = new HashMap<>();
        if (colon < 0) {
            return settings;
        }
        for (String part : spec.substring(colon + 1).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            if (settings.put(key, eq < 0 ? "" : part.substring(eq + 1).trim()) != null) {
                throw new DataException(spec.substring(0, colon) + ": " + Quoted.of(key) + " is set twice; give each setting once");
            }
        }
        return settings;
    }

    private static List<Sequence> binaryAdder(Map<String, String> settings, Plan plan) throws DataException {
        for (String key : settings.keySet()) {
            if (!List.of("bits", "count", "seed", "all").contains(key)) {
                throw new DataException("binary-adder: unknown setting " + Quoted.of(key) + " (bits, count, seed, all)");
            }
        }
        int bits = number("binary-adder", settings, "bits", 6, 1, 30);
        UnitGroup input = single(plan, true, 2, "binary-adder");
        UnitGroup output = single(plan, false, 1, "binary-adder");
        if (settings.containsKey("all")) {
            if (bits > 10) {
                throw new DataException("binary-adder: all pairs of " + bits + "-bit numbers are " + (1L << 2 * bits) + " sequences; use bits=10 or fewer with all");
            }
            MemoryBudget.checkSequences("binary-adder data", 1L << 2 * bits, bits + 1 + BinaryAdder.LAG, 2, 1, 0);
            return BinaryAdder.all(bits, input.id(), output.id());
        }
        int count = number("binary-adder", settings, "count", 1000, 1, 10_000_000);
        long seed = seed("binary-adder", settings);
        MemoryBudget.checkSequences("binary-adder data", count, bits + 1 + BinaryAdder.LAG, 2, 1, 0);
        return BinaryAdder.random(bits, count, seed, input.id(), output.id());
    }

    private static UnitGroup single(Plan plan, boolean input, int size, String generator) throws DataException {
        UnitGroup found = null;
        for (UnitGroup g : plan.groups()) {
            if (input ? g.isInput() : g.isOutput()) {
                if (found != null || g.size() != size) {
                    found = null;
                    break;
                }
                found = g;
            }
        }
        if (found == null) {
            throw new DataException(generator + " data need a model with exactly one " + (input ? "input" : "output") + " group, of " + size
                    + " unit" + (size == 1 ? "" : "s"));
        }
        return found;
    }

    private static int number(String generator, Map<String, String> settings, String key, int fallback, int min, int max) throws DataException {
        return (int) wholeNumber(generator, settings, key, fallback, min, max);
    }

    /** A generator's seed: any whole number a long holds, as the model's training seed is. */
    private static long seed(String generator, Map<String, String> settings) throws DataException {
        return wholeNumber(generator, settings, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static long wholeNumber(String generator, Map<String, String> settings, String key, long fallback, long min, long max) throws DataException {
        String text = settings.get(key);
        if (text == null) {
            return fallback;
        }
        BigDecimal value;
        try {
            value = text.length() <= 40 ? new BigDecimal(text) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw new DataException(generator + ": " + key + "=" + (text.length() > Quoted.MAX ? Quoted.of(text) : text) + " must be a whole number from "
                    + min + " to " + max);
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new DataException(generator + ": " + key + "=" + text + " must be a whole number from " + min + " to " + max + ": " + text + " is out of range");
        }
        return value.longValueExact();
    }
}

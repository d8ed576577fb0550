package org.rnnstudio.model;

import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Strict JSON for our files, with problems said in our words and placed at a line and column: an object
 * with a repeated key is refused (a reader would otherwise keep one of the two without a word), a number
 * too long or out of a double's range is called that, and the JSON library's own hints never reach a person.
 */
public final class JsonText {

    /** Longer than any number a double can tell apart from its neighbours, in any notation. */
    public static final int MAX_NUMBER_LENGTH = 400;

    /** What is wrong with the text, and where (line and column from 1; 0 when unknown). */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** "line 3, column 7: ..." */
        public String located() {
            return line > 0 ? "line " + line + ", column " + column + ": " + getMessage() : getMessage();
        }
    }

    private static final Pattern LOCATION = Pattern.compile("(.*?) at line (\\d+) column (\\d+).*", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("[-+0-9.eE]+");

    private JsonText() {
    }

    /** A strict reader: no comments, no NaN, no single quotes, no unquoted names. */
    public static JsonReader reader(java.io.Reader in) {
        JsonReader reader = new JsonReader(in);
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /** The one JSON value the text holds; a leading byte order mark is allowed. */
    public static JsonElement parse(String text) throws SyntaxError {
        String body = text.startsWith("\ufeff") ? text.substring(1) : text;
        JsonReader reader = reader(new StringReader(body));
        try {
            JsonElement root = value(reader, body);
            if (!ended(reader)) {
                throw at(reader, "more text after the end of the JSON value");
            }
            return root;
        } catch (IOException | RuntimeException e) {
            throw translate(e, body);
        }
    }

    /** Whether only white space follows; the reader calls anything else malformed, and places it a character late. */
    public static boolean ended(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonElement value(JsonReader reader, String text) throws IOException, SyntaxError {
        switch (reader.peek()) {
        case BEGIN_OBJECT:
            JsonObject object = new JsonObject();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (object.has(name)) {
                    throw at(reader, "the key \"" + name + "\" appears twice in one object");
                }
                object.add(name, value(reader, text));
            }
            reader.endObject();
            return object;
        case BEGIN_ARRAY:
            JsonArray array = new JsonArray();
            reader.beginArray();
            while (reader.hasNext()) {
                array.add(value(reader, text));
            }
            reader.endArray();
            return array;
        case STRING:
            return new JsonPrimitive(reader.nextString());
        case NUMBER:
            return number(reader.nextString(), reader);
        case BOOLEAN:
            return new JsonPrimitive(reader.nextBoolean());
        case NULL:
            reader.nextNull();
            return JsonNull.INSTANCE;
        default:
            throw at(reader, "unexpected " + reader.peek());
        }
    }

    private static JsonPrimitive number(String digits, JsonReader reader) throws SyntaxError {
        if (digits.length() > MAX_NUMBER_LENGTH) {
            throw at(reader, "a number of " + digits.length() + " characters is too long (at most " + MAX_NUMBER_LENGTH + ")");
        }
        Written number = new Written(digits);
        if (!Double.isFinite(number.doubleValue())) {
            throw at(reader, "the number " + Quoted.of(digits) + " is out of range (beyond +-1.8e308)");
        }
        return new JsonPrimitive(number);
    }

    /** A number as the file spells it (for messages), with the value Double.parseDouble gives it (for round trips). */
    private static final class Written extends Number {
        private static final long serialVersionUID = 1L;
        private final String text;
        private final double value;

        Written(String text) {
            this.text = text;
            this.value = Double.parseDouble(text);
        }

        @Override
        public int intValue() {
            return (int) value;
        }

        @Override
        public long longValue() {
            return (long) value;
        }

        @Override
        public float floatValue() {
            return (float) value;
        }

        @Override
        public double doubleValue() {
            return value;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A problem at the reader's position (just after the token it read last). */
    public static SyntaxError at(JsonReader reader, String message) {
        Matcher m = LOCATION.matcher(reader.toString());
        return m.matches() ? new SyntaxError(message, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                : new SyntaxError(message, 0, 0);
    }

    /**
     * The JSON library's exception in our words; text, when known, is looked at where the library stopped,
     * to quote what it found there.
     */
    public static SyntaxError translate(Exception e, String text) {
        if (e instanceof SyntaxError s) {
            return s;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^[\\w.$]+Exception: ", "");
        Matcher m = LOCATION.matcher(message);
        int line = 0;
        int column = 0;
        String what = message;
        if (m.matches()) {
            what = m.group(1);
            line = Integer.parseInt(m.group(2));
            column = Integer.parseInt(m.group(3));
        }
        String found = text == null || line == 0 ? null : tokenAt(text, line, column);
        if (what.startsWith("Use JsonReader.setStrictness") && found != null && NUMBER.matcher(found).matches() && found.length() > MAX_NUMBER_LENGTH) {
            return new SyntaxError("a number of " + found.length() + " characters is too long (at most " + MAX_NUMBER_LENGTH + ")", line, column);
        }
        String words;
        if (what.startsWith("Use JsonReader.setStrictness")) {
            words = found == null || found.isEmpty() ? "not JSON here" : "not JSON here: " + Quoted.of(found)
                    + " (strings need double quotes; NaN, Infinity and comments are not JSON)";
        } else if (what.startsWith("End of input")) {
            words = "the text ends before the JSON value does";
        } else if (what.startsWith("Unterminated string")) {
            words = "a string has no closing quote";
        } else if (what.startsWith("Unescaped control characters")) {
            words = "a string has a line break or another control character in it: close it with '\"' or write \\n";
        } else if (what.startsWith("Unterminated object")) {
            words = "an object is not closed: ',' or '}' expected";
        } else if (what.startsWith("Unterminated array")) {
            words = "a list is not closed: ',' or ']' expected";
        } else if (what.startsWith("Expected ':'")) {
            words = "':' expected after a key";
        } else if (what.startsWith("Expected name")) {
            words = "a key in double quotes expected";
        } else if (what.startsWith("Nesting limit")) {
            words = "nested too deep";
        } else if (what.startsWith("Invalid escape sequence") || what.startsWith("Malformed Unicode escape")) {
            words = "a string has an invalid escape (\\n, \\\", \\\\, \\uXXXX are valid)";
        } else if (e instanceof IllegalStateException || e instanceof NumberFormatException) {
            words = "not JSON here";
        } else {
            words = what.isBlank() ? "not JSON" : "not JSON (" + Quoted.of(what) + ")";
        }
        return new SyntaxError("malformed JSON: " + words, line, column);
    }

    /** The token starting at the 1-based line and column: up to a separator, at most a bounded stretch. */
    private static String tokenAt(String text, int line, int column) {
        int at = 0;
        for (int l = 1; l < line && at >= 0; l++) {
            at = text.indexOf('\n', at);
            at = at < 0 ? -1 : at + 1;
        }
        if (at < 0) {
            return null;
        }
        int start = Math.min(text.length(), at + column - 1);
        int end = start;
        int cap = Math.min(text.length(), start + 1_000_000);
        while (end < cap && ",:]}[{ \t\r\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(start, end);
    }
}

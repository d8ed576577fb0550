package org.rnnstudio.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the text files a person hands us (model files, CSV data, text corpora) within a size limit, as
 * UTF-8 (a leading byte order mark is dropped), saying where a file is not UTF-8 text: the size is checked
 * on the file before reading and again while reading, since a device such as /dev/zero reports size 0.
 */
public final class TextFiles {

    /** A model file is a few kilobytes; anything near this is not one. */
    public static final long MAX_MODEL_FILE = 16L << 20;

    /** A file that cannot be used as text: the message names the file, the line and the problem. */
    public static final class TextException extends IOException {
        private static final long serialVersionUID = 1L;

        public TextException(String message) {
            super(message);
        }
    }

    private static final int BOM_0 = 0xEF;
    private static final int BOM_1 = 0xBB;
    private static final int BOM_2 = 0xBF;

    private TextFiles() {
    }

    /** The whole file as text, refused when it holds more than limit bytes. */
    public static String read(Path file, long limit) throws IOException {
        checkSize(file, limit);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        if (bytes.length > limit) {
            throw tooLarge(file, limit);
        }
        return decode(bytes, file);
    }

    /** Bytes read elsewhere (a zip entry) as UTF-8 text; file names them in messages. */
    public static String decode(byte[] bytes, Path file) throws TextException {
        refuseUtf16(bytes, file);
        int start = bomLength(bytes);
        return decode(ByteBuffer.wrap(bytes, start, bytes.length - start), file, 1);
    }

    public static String megabytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }

    private static void checkSize(Path file, long limit) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > limit) {
            throw tooLarge(file, limit);
        }
    }

    private static TextException tooLarge(Path file, long limit) {
        return new TextException(file + " is larger than " + megabytes(limit) + ", the limit for this kind of file");
    }

    private static int bomLength(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == BOM_0 && (b[1] & 0xff) == BOM_1 && (b[2] & 0xff) == BOM_2 ? 3 : 0;
    }

    private static void refuseUtf16(byte[] b, Path file) throws TextException {
        if (b.length >= 2 && ((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF || (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE)) {
            throw new TextException(file + " is UTF-16 text, not UTF-8 text: save it as UTF-8");
        }
    }

    /** Decodes strict UTF-8; the first line of the bytes is firstLine, for the message when a byte is wrong. */
    private static String decode(ByteBuffer bytes, Path file, long firstLine) throws TextException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = bytes.position();
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            throw notUtf8(bytes, start, bytes.position(), file, firstLine, "byte " + String.format("0x%02X", bytes.get(bytes.position()) & 0xff));
        }
        decoder.flush(chars);
        chars.flip();
        for (int i = 0; i < chars.length(); i++) {
            if (chars.charAt(i) == 0) {
                int at = start;
                for (int k = 0; k < i; k++) {
                    at += utf8Length(chars.charAt(k));
                }
                throw notUtf8(bytes, start, at, file, firstLine, "a NUL byte: binary data or UTF-16 text");
            }
        }
        return chars.toString();
    }

    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        return Character.isSurrogate(c) ? 2 : 3;
    }

    private static TextException notUtf8(ByteBuffer bytes, int start, int at, Path file, long firstLine, String what) {
        long line = firstLine;
        int lineStart = start;
        for (int i = start; i < at; i++) {
            if (bytes.get(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new TextException(file + " line " + line + ", column " + (at - lineStart + 1) + ": not UTF-8 text (" + what
                + "); save the file as UTF-8");
    }

    /** Lines of a text file one at a time, within a limit on the file's size and on each line's length. */
    public static Lines lines(Path file, long limit, int maxLine) throws IOException {
        checkSize(file, limit);
        return new Lines(file, Files.newInputStream(file), limit, maxLine);
    }

    /** Reads lines on demand, so that a file is never held whole; '\r' before a line end is dropped. */
    public static final class Lines implements Closeable {
        private final Path file;
        private final InputStream in;
        private final long limit;
        private final int maxLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long read;
        private long number;

        Lines(Path file, InputStream in, long limit, int maxLine) {
            this.file = file;
            this.in = new BufferedInputStream(in, 1 << 16);
            this.limit = limit;
            this.maxLine = maxLine;
        }

        /** The next line without its end, or null at the end of the file. */
        public String next() throws IOException {
            line.reset();
            int b = in.read();
            if (b < 0) {
                return null;
            }
            number++;
            if (number == 1 && b == BOM_0) {
                byte[] rest = in.readNBytes(2);
                read += 2;
                if (rest.length == 2 && (rest[0] & 0xff) == BOM_1 && (rest[1] & 0xff) == BOM_2) {
                    b = in.read();
                } else {
                    line.write(b);
                    line.write(rest, 0, rest.length);
                    b = in.read();
                }
            } else if (number == 1 && (b == 0xFE || b == 0xFF)) {
                in.mark(1);
                int second = in.read();
                refuseUtf16(new byte[] {(byte) b, (byte) second}, file);
                in.reset();
            }
            while (b >= 0 && b != '\n') {
                if (++read > limit) {
                    throw tooLarge(file, limit);
                }
                if (line.size() >= maxLine) {
                    throw new TextException(file + " line " + number + " is longer than " + megabytes(maxLine) + ": not a line of this kind of file");
                }
                line.write(b);
                b = in.read();
            }
            read++;
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return decode(ByteBuffer.wrap(bytes, 0, length), file, number);
        }

        /** The number of the line {@link #next()} returned last, from 1. */
        public long number() {
            return number;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

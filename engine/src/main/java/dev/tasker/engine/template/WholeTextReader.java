package dev.tasker.engine.template;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * A SnakeYAML {@link StreamReader} over a document already in memory, decoded once into code
 * points. SnakeYAML's own reader refills a window of 1,024 characters and copies everything from
 * the start of the current token on each refill, so one long unbroken scalar cost time and memory
 * quadratic in its length (a 4.9 MB scalar allocated 44.8 GB). Here peeking, prefixes and marks
 * index one array, so reading is linear. Behaviour otherwise follows SnakeYAML's reader: the same
 * line and column counting, and characters YAML does not allow are refused when reached.
 */
final class WholeTextReader extends StreamReader {
    private final int[] codePoints;
    /** The index of the first character YAML does not allow, or the length when there is none. */
    private final int usable;

    private int pointer;
    private int documentIndex;
    private int line;
    private int column;

    WholeTextReader(String text) {
        super(new StringReader(""));
        this.codePoints = text.codePoints().toArray();
        int firstBad = 0;
        while (firstBad < codePoints.length && isPrintable(codePoints[firstBad])) {
            firstBad++;
        }
        this.usable = firstBad;
    }

    @Override
    public Mark getMark() {
        return new Mark("'reader'", pointer, line, column, codePoints, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && available(0); i++) {
            int c = codePoints[pointer++];
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && available(0) && codePoints[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return available(0) ? codePoints[pointer] : '\0';
    }

    @Override
    public int peek(int index) {
        return available(index) ? codePoints[pointer + index] : '\0';
    }

    @Override
    public String prefix(int length) {
        if (length == 0) {
            return "";
        }
        available(length);
        return new String(codePoints, pointer, Math.min(length, codePoints.length - pointer));
    }

    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        documentIndex += length;
        // as in SnakeYAML: a prefix never holds a line break
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return pointer;
    }

    @Override
    public int getLine() {
        return line;
    }

    /** Whether the character at {@code pointer + size} exists; refuses a disallowed character when reached. */
    private boolean available(int size) {
        int at = pointer + size;
        if (at >= usable && usable < codePoints.length) {
            throw new ReaderException("'reader'", usable, codePoints[usable], "special characters are not allowed");
        }
        return at < codePoints.length;
    }
}

package dev.tasker.cli;

import java.util.ArrayList;
import java.util.List;

/** Rows of text cells printed in aligned columns, under a header; the last column is not padded. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header.clone());
    }

    TextTable row(String... cells) {
        if (cells.length != rows.getFirst().length) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + rows.getFirst().length + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    /** The header line, then one line per row, in the order added. */
    List<String> lines() {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : pad(row[c], widths[c] + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}

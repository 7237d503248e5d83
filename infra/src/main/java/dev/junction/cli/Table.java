package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header, rows, columns as wide as their widest cell, two spaces apart. Every cell is
 * the broker's (or a container's) text, so control characters are replaced before it reaches a terminal.
 */
public final class Table {

    /** The widest cell shown: a longer one (a failure's description) is cut with an ellipsis. */
    static final int MAX_CELL = 120;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line ending with a newline; trailing spaces are left off. */
    public String render() {
        int[] widths = new int[header.size()];
        for (List<String> line : allLines()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : allLines()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(line.get(i));
                if (i < widths.length - 1) {
                    text.append(" ".repeat(widths[i] - line.get(i).length() + 2));
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private List<List<String>> allLines() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }

    /** A JSON value as a cell: text as it is, null and missing as "-", anything else as JSON. */
    static String cell(Object value) {
        String text;
        if (value == null) {
            text = "-";
        } else if (value instanceof JsonNode node) {
            text = node.isMissingNode() || node.isNull() ? "-" : node.isValueNode() ? node.asText() : node.toString();
        } else {
            text = String.valueOf(value);
        }
        text = oneLine(text, MAX_CELL);
        return text.isEmpty() ? "-" : text;
    }

    /** {@code text} on one line, control characters as spaces, cut to {@code max} characters. */
    public static String oneLine(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && out.length() < max + 1; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        String line = out.toString().strip();
        return line.length() > max ? line.substring(0, max - 3) + "..." : line;
    }
}

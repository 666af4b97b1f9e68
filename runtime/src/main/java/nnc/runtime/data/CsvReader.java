package nnc.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads numeric CSV files: one sample per line, features and label columns.
 *
 * <p>Cells may be quoted with {@code "}, but a cell may not span lines, so every sample is one
 * line and every message can name its line. Blank lines are allowed only at the end. Every cell
 * must be a finite decimal number; anything else is refused with its line, column and text.
 */
public final class CsvReader {
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> KNOWN_OPTIONS = Set.of("header", "label", "delimiter");

    private CsvReader() {
    }

    /**
     * How to read a CSV file.
     *
     * @param header    whether the first line names the columns
     * @param label     the target column(s): a name, a zero-based index, or several of them
     *                  separated by commas; {@code null} means the last column; the empty string
     *                  means none (every column is a feature, as for prediction)
     * @param delimiter the cell separator
     */
    public record Options(boolean header, String label, char delimiter) {
        /** Header line, last column is the label, commas. */
        public static final Options DEFAULT = new Options(true, null, ',');

        /**
         * Options from a {@code data { }} block: {@code header} (true/false, default true),
         * {@code label} (name or index), {@code delimiter} (one character, or {@code tab}).
         *
         * @throws DataException for an unknown option or a bad value
         */
        public static Options from(Map<String, String> options) {
            if (options == null) {
                return DEFAULT;
            }
            for (String key : options.keySet()) {
                if (!KNOWN_OPTIONS.contains(key)) {
                    throw new DataException("unknown csv option `" + key + "` (known: header, "
                            + "label, delimiter)");
                }
            }
            String h = options.getOrDefault("header", "true").trim().toLowerCase();
            if (!h.equals("true") && !h.equals("false")) {
                throw new DataException("csv option `header` must be true or false, not `" + h
                        + "`");
            }
            String d = options.getOrDefault("delimiter", ",");
            char delimiter;
            if (d.equals("tab") || d.equals("\\t")) {
                delimiter = '\t';
            } else if (d.length() == 1 && d.charAt(0) != '"') {
                delimiter = d.charAt(0);
            } else {
                throw new DataException("csv option `delimiter` must be one character or `tab`, "
                        + "not `" + d + "`");
            }
            return new Options(h.equals("true"), options.get("label"), delimiter);
        }

        /** These options with no label column: every column is a feature. */
        public Options withoutLabel() {
            return new Options(header, "", delimiter);
        }
    }

    /**
     * Reads {@code file}: features are the non-label columns in file order (shape
     * {@code [features]}), targets the label columns.
     *
     * @throws DataException naming the file, line and column of the first problem
     */
    public static Dataset read(Path file, Options options) {
        List<String> lines;
        try {
            lines = readLines(file);
        } catch (NoSuchFileException e) {
            throw DataException.in(file, "no such file");
        } catch (CharacterCodingException e) {
            throw DataException.in(file, "is not UTF-8 text");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw DataException.in(file, "is empty");
        }
        String[] names = null;
        int first = 0;
        if (options.header()) {
            names = split(file, 1, lines.get(0), options.delimiter());
            for (int i = 0; i < names.length; i++) {
                names[i] = names[i].trim();
            }
            first = 1;
            if (last == 1) {
                throw DataException.in(file, "has a header line but no rows");
            }
        }
        int columns = names != null ? names.length
                : split(file, 1, lines.get(0), options.delimiter()).length;
        boolean[] isLabel = labelColumns(file, options, names, columns);
        int labels = 0;
        for (boolean b : isLabel) {
            labels += b ? 1 : 0;
        }
        int featureCount = columns - labels;
        if (featureCount == 0) {
            throw DataException.in(file, "has no feature columns, only the label");
        }
        int rows = last - first;
        float[] features = new float[Math.multiplyExact(rows, featureCount)];
        float[] targets = labels == 0 ? null : new float[rows * labels];
        for (int r = 0; r < rows; r++) {
            int lineNo = first + r + 1;
            String line = lines.get(first + r);
            if (line.isBlank()) {
                throw DataException.at(file, lineNo, "the line is empty; blank lines are "
                        + "allowed only at the end of the file");
            }
            String[] cells = split(file, lineNo, line, options.delimiter());
            if (cells.length != columns) {
                throw DataException.at(file, lineNo, "the row has " + cells.length + " column"
                        + (cells.length == 1 ? "" : "s") + ", but "
                        + (names != null ? "the header has " : "line 1 has ") + columns);
            }
            int f = r * featureCount;
            int t = r * labels;
            for (int c = 0; c < columns; c++) {
                float v = number(file, lineNo, c, names, cells[c]);
                if (isLabel[c]) {
                    targets[t++] = v;
                } else {
                    features[f++] = v;
                }
            }
        }
        return new Dataset(file.toString(), file.toString(), first + 1, features,
                new int[] {featureCount}, targets, labels);
    }

    private static List<String> readLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }

    private static boolean[] labelColumns(Path file, Options options, String[] names,
                                          int columns) {
        boolean[] isLabel = new boolean[columns];
        String spec = options.label();
        if (spec == null) {
            isLabel[columns - 1] = true;
            return isLabel;
        }
        if (spec.isBlank()) {
            return isLabel;
        }
        for (String part : spec.split(",")) {
            String label = part.trim();
            int index = names == null ? -1 : Arrays.asList(names).indexOf(label);
            if (index < 0) {
                if (!label.matches("\\d+")) {
                    throw DataException.in(file, names == null
                            ? "the label `" + label + "` is a column name, but the file has no "
                                    + "header line (header: false); give the column's zero-based "
                                    + "index instead"
                            : "no column is named `" + label + "`; the columns are "
                                    + quoted(names));
                }
                index = Integer.parseInt(label);
                if (index >= columns) {
                    throw DataException.in(file, "the label column " + index + " does not exist: "
                            + "the file has " + columns + " columns (0 to " + (columns - 1)
                            + ")");
                }
            }
            isLabel[index] = true;
        }
        return isLabel;
    }

    private static float number(Path file, int line, int column, String[] names, String cell) {
        String text = cell.trim();
        String name = names == null ? "column " + (column + 1)
                : "column `" + names[column] + "`";
        if (text.isEmpty()) {
            throw DataException.at(file, line, column + 1, name + " is empty; every cell must "
                    + "hold a number");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw DataException.at(file, line, column + 1, name + " holds `" + text
                    + "`, which is not a number");
        }
        float v = Float.parseFloat(text);
        if (Float.isInfinite(v)) {
            throw DataException.at(file, line, column + 1, name + " holds `" + text
                    + "`, which is too large for a float");
        }
        return v;
    }

    /** Splits one line into cells, honouring double quotes ({@code ""} is a quote). */
    private static String[] split(Path file, int lineNo, String line, char delimiter) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw DataException.at(file, lineNo, "a quoted cell is not closed on its line");
        }
        cells.add(cell.toString());
        return cells.toArray(new String[0]);
    }

    private static String quoted(String[] names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append('`').append(n).append('`');
        }
        return sb.toString();
    }
}

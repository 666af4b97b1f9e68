package nnc.cli.lsp;

import nnc.compiler.source.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between the compiler's positions and the editor's. The compiler counts 1-based
 * lines and 1-based columns in code points (what ANTLR counts); LSP counts 0-based lines and
 * 0-based columns in UTF-16 code units, so a character outside the Basic Multilingual Plane
 * (an emoji in a comment) is one column to the compiler and two to the editor.
 */
final class LineMap {
    private final String[] lines;

    LineMap(String text) {
        this.lines = text.split("\n", -1);
    }

    int lineCount() {
        return lines.length;
    }

    /** The text of 0-based {@code line} without its line break; empty when out of range. */
    String line(int line) {
        if (line < 0 || line >= lines.length) {
            return "";
        }
        String l = lines[line];
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    /** The editor position of 1-based {@code line} and 0-based code-point {@code column}. */
    Position toLsp(int line, int column) {
        int l = Math.max(0, line - 1);
        return new Position(l, utf16(line(l), Math.max(0, column)));
    }

    /** The editor range of a span (whose end column is exclusive, like LSP's end). */
    Range toLsp(Span span) {
        if (!span.known()) {
            return new Range(new Position(0, 0), new Position(0, 0));
        }
        return new Range(toLsp(span.line(), span.column() - 1),
                toLsp(span.endLine(), span.endColumn() - 1));
    }

    /** 1-based line and 0-based code-point column of an editor position, clamped to the text. */
    Cursor fromLsp(Position p) {
        int l = Math.max(0, Math.min(p.getLine(), lines.length - 1));
        String text = line(l);
        int units = Math.max(0, Math.min(p.getCharacter(), text.length()));
        return new Cursor(l + 1, text.codePointCount(0, units));
    }

    /** The position just after the last character. */
    Position end() {
        int last = lines.length - 1;
        return new Position(last, lines[last].length());
    }

    /** The source text a span covers. */
    String slice(Span span) {
        if (!span.known()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int l = span.line(); l <= span.endLine(); l++) {
            String text = line(l - 1);
            int from = l == span.line() ? utf16(text, span.column() - 1) : 0;
            int to = l == span.endLine() ? utf16(text, span.endColumn() - 1) : text.length();
            if (l > span.line()) {
                out.append('\n');
            }
            out.append(text, Math.min(from, to), to);
        }
        return out.toString();
    }

    /** UTF-16 offset of code point {@code column} in {@code text}, clamped to its end. */
    private static int utf16(String text, int column) {
        int codePoints = text.codePointCount(0, text.length());
        return column >= codePoints ? text.length() : text.offsetByCodePoints(0, column);
    }

    /**
     * A position as the compiler counts it.
     *
     * @param line   1-based line
     * @param column 0-based column in code points (ANTLR's {@code charPositionInLine})
     */
    record Cursor(int line, int column) implements Comparable<Cursor> {
        @Override
        public int compareTo(Cursor o) {
            return line != o.line ? Integer.compare(line, o.line)
                    : Integer.compare(column, o.column);
        }

        /** Whether this cursor is inside a span or touches its end. */
        boolean within(Span s) {
            return s.known() && compareTo(new Cursor(s.line(), s.column() - 1)) >= 0
                    && compareTo(new Cursor(s.endLine(), s.endColumn() - 1)) <= 0;
        }
    }
}

package nnc.compiler.diag;

import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;

/**
 * Renders a diagnostic in the style people know from rustc:
 * <pre>
 * error[E0201]: unknown activation `rleu`
 *  --> model.nn:7:32
 *   |
 * 7 |         dense(128, activation: rleu)
 *   |                                ^^^^ not an activation
 *   |
 *   = help: did you mean `relu`?
 * </pre>
 */
public final class DiagnosticRenderer {
    private DiagnosticRenderer() {
    }

    /** The rendered text, ending in a blank line. */
    public static String render(SourceFile source, Diagnostic d) {
        StringBuilder out = new StringBuilder();
        String kind = d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning";
        out.append(kind).append('[').append(d.code()).append("]: ").append(d.message())
                .append('\n');
        Span s = d.span();
        int width = Integer.toString(Math.max(s.line(), maxNoteLine(d))).length();
        String pad = " ".repeat(width);
        if (s.known()) {
            out.append(pad).append("--> ").append(source.displayName()).append(':')
                    .append(s.line()).append(':').append(s.column()).append('\n');
            snippet(out, source, s, d.label(), pad, width);
        } else {
            out.append(pad).append("--> ").append(source.displayName()).append('\n');
        }
        for (Diagnostic.Note note : d.notes()) {
            if (note.span().known()) {
                out.append(pad).append(" = note: ").append(note.message()).append(" (")
                        .append(source.displayName()).append(':').append(note.span().line())
                        .append(':').append(note.span().column()).append(")\n");
                snippet(out, source, note.span(), "", pad, width);
            } else {
                out.append(pad).append(" = note: ").append(note.message()).append('\n');
            }
        }
        if (!d.help().isEmpty()) {
            out.append(pad).append(" = help: ").append(d.help()).append('\n');
        }
        out.append('\n');
        return out.toString();
    }

    private static int maxNoteLine(Diagnostic d) {
        int max = 0;
        for (Diagnostic.Note n : d.notes()) {
            max = Math.max(max, n.span().line());
        }
        return max;
    }

    /** Longest source line echoed whole; longer ones are shown around the span. */
    private static final int MAX_LINE = 160;

    /** The line with tabs as spaces and other invisible characters as `?`, one column each. */
    private static String printable(String line) {
        StringBuilder b = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            b.append(c == '\t' ? ' ' : Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return b.toString();
    }

    private static void snippet(StringBuilder out, SourceFile source, Span s, String label,
                                String pad, int width) {
        String text = printable(source.line(s.line()));
        int start = Math.max(1, s.column());
        int end = s.endLine() == s.line() ? Math.max(s.endColumn(), start + 1)
                : text.length() + 1;
        end = Math.min(Math.max(end, start + 1), Math.max(text.length() + 1, start + 1));
        if (text.length() > MAX_LINE) {
            // A window of the line around the span, marked with ellipses where it is cut.
            int from = Math.max(0, Math.min(start - 1 - MAX_LINE / 4, text.length() - MAX_LINE));
            int to = Math.min(text.length(), from + MAX_LINE);
            String cut = (from > 0 ? "…" : "") + text.substring(from, to)
                    + (to < text.length() ? "…" : "");
            int shift = from - (from > 0 ? 1 : 0);
            start -= shift;
            end = Math.min(end - shift, cut.length() + 1);
            end = Math.max(end, start + 1);
            text = cut;
        }
        out.append(pad).append(" |\n");
        out.append(String.format("%" + width + "d", s.line())).append(" | ").append(text)
                .append('\n');
        out.append(pad).append(" | ").append(" ".repeat(start - 1))
                .append("^".repeat(end - start));
        if (!label.isEmpty()) {
            out.append(' ').append(label);
        }
        out.append('\n');
    }
}

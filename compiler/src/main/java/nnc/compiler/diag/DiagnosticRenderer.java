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

    private static void snippet(StringBuilder out, SourceFile source, Span s, String label,
                                String pad, int width) {
        String text = source.line(s.line()).replace('\t', ' ');
        out.append(pad).append(" |\n");
        out.append(String.format("%" + width + "d", s.line())).append(" | ").append(text)
                .append('\n');
        int start = Math.max(1, s.column());
        int end = s.endLine() == s.line() ? Math.max(s.endColumn(), start + 1)
                : text.length() + 1;
        end = Math.min(Math.max(end, start + 1), Math.max(text.length() + 1, start + 1));
        out.append(pad).append(" | ").append(" ".repeat(start - 1))
                .append("^".repeat(end - start));
        if (!label.isEmpty()) {
            out.append(' ').append(label);
        }
        out.append('\n');
    }
}

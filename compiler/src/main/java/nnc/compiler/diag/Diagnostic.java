package nnc.compiler.diag;

import java.util.List;
import nnc.compiler.source.Span;

/**
 * One message about a {@code .nn} file, shaped after rustc's: a code, a lowercase message that
 * names identifiers in backticks, the span it is about with a short label, further notes
 * pointing at related places, and a help line with the likely fix.
 *
 * @param severity error or warning
 * @param code     stable code such as {@code E0201}
 * @param message  what is wrong
 * @param span     where
 * @param label    short text under the caret, may be empty
 * @param notes    related places ("the input shape comes from here")
 * @param help     the likely fix, may be empty
 */
public record Diagnostic(Severity severity, String code, String message, Span span, String label,
                         List<Note> notes, String help) {

    /** How bad. */
    public enum Severity { ERROR, WARNING }

    /** A secondary place with a message. */
    public record Note(Span span, String message) {
    }

    /** An error with no notes. */
    public static Diagnostic error(String code, Span span, String message, String label,
                                   String help) {
        return new Diagnostic(Severity.ERROR, code, message, span, label, List.of(), help);
    }

    /** A copy with one more note. */
    public Diagnostic withNote(Span where, String text) {
        var all = new java.util.ArrayList<>(notes);
        all.add(new Note(where, text));
        return new Diagnostic(severity, code, message, span, label, List.copyOf(all), help);
    }
}

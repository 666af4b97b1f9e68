package nnc.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;

/** Collects the diagnostics of one compilation of one file. */
public final class Diagnostics {
    private final SourceFile source;
    private final List<Diagnostic> all = new ArrayList<>();

    /** Diagnostics about {@code source}. */
    public Diagnostics(SourceFile source) {
        this.source = source;
    }

    /** The file they are about. */
    public SourceFile source() {
        return source;
    }

    /** Adds one. */
    public Diagnostic report(Diagnostic d) {
        all.add(d);
        return d;
    }

    /** Adds an error without help. */
    public Diagnostic error(String code, Span span, String message, String label) {
        return report(Diagnostic.error(code, span, message, label, ""));
    }

    /** Adds an error with a help line. */
    public Diagnostic error(String code, Span span, String message, String label, String help) {
        return report(Diagnostic.error(code, span, message, label, help));
    }

    /** Whether any error was reported. */
    public boolean hasErrors() {
        return all.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    /** All of them in source order. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line())
                .thenComparingInt(d -> d.span().column()));
        return copy;
    }

    /** Renders every diagnostic, in source order, as a person reads them. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : sorted()) {
            out.append(DiagnosticRenderer.render(source, d));
        }
        long errors = all.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
        if (errors > 0) {
            out.append("error: ").append(source.displayName()).append(" has ").append(errors)
                    .append(errors == 1 ? " error" : " errors").append('\n');
        }
        return out.toString();
    }
}

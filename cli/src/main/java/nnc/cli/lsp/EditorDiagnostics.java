package nnc.cli.lsp;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.diag.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;

/**
 * The front end's diagnostics as the editor shows them: the message of {@code nnc check}
 * followed by its help line, the code, the span's range, and the notes as related places.
 */
final class EditorDiagnostics {
    private EditorDiagnostics() {
    }

    static List<org.eclipse.lsp4j.Diagnostic> of(Analysis a) {
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : a.diagnostics().sorted()) {
            out.add(convert(a, d));
        }
        return out;
    }

    private static org.eclipse.lsp4j.Diagnostic convert(Analysis a, Diagnostic d) {
        StringBuilder message = new StringBuilder(d.message());
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        for (Diagnostic.Note note : d.notes()) {
            if (note.span().known()) {
                related.add(new DiagnosticRelatedInformation(
                        new Location(a.uri(), a.lines().toLsp(note.span())), note.message()));
            } else {
                message.append("\nnote: ").append(note.message());
            }
        }
        if (!d.help().isEmpty()) {
            message.append("\nhelp: ").append(d.help());
        }
        var out = new org.eclipse.lsp4j.Diagnostic(a.lines().toLsp(d.span()), message.toString(),
                d.severity() == Diagnostic.Severity.ERROR ? DiagnosticSeverity.Error
                        : DiagnosticSeverity.Warning, "nnc", d.code());
        if (!related.isEmpty()) {
            out.setRelatedInformation(related);
        }
        return out;
    }
}

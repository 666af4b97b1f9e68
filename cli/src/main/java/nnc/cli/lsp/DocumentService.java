package nnc.cli.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.format.Formatter;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The open documents and the requests about them. Each change runs the front end once and
 * publishes its diagnostics; requests read that analysis. All of it runs on the
 * {@link Worker}, in the order the editor sent it. Every request is answered, with an empty
 * result when the document is unknown or something fails.
 */
final class DocumentService implements TextDocumentService {
    private final Map<String, Analysis> open = new ConcurrentHashMap<>();
    private final Worker worker = new Worker();
    private volatile LanguageClient client;
    private volatile boolean snippets;

    void connect(LanguageClient client) {
        this.client = client;
    }

    void snippets(boolean supported) {
        this.snippets = supported;
    }

    void stop() {
        worker.stop();
    }

    // ---- document sync ----------------------------------------------------------------------

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        worker.run("didOpen", () -> update(params.getTextDocument().getUri(),
                params.getTextDocument().getText(), params.getTextDocument().getVersion()));
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        worker.run("didChange", () -> {
            String uri = params.getTextDocument().getUri();
            Analysis before = open.get(uri);
            String text = before == null ? "" : before.text();
            for (TextDocumentContentChangeEvent change : params.getContentChanges()) {
                text = apply(text, change);
            }
            update(uri, text, params.getTextDocument().getVersion());
        });
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        worker.run("didClose", () -> {
            String uri = params.getTextDocument().getUri();
            open.remove(uri);
            publish(new PublishDiagnosticsParams(uri, List.of()));
        });
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // Full sync already has the text that was saved.
    }

    private void update(String uri, String text, Integer version) {
        Analysis a = Analysis.of(uri, text == null ? "" : text);
        open.put(uri, a);
        publish(new PublishDiagnosticsParams(uri, EditorDiagnostics.of(a), version));
    }

    private void publish(PublishDiagnosticsParams params) {
        LanguageClient c = client;
        if (c != null) {
            c.publishDiagnostics(params);
        }
    }

    /** The server asks for full sync; a ranged change is still applied, to be safe. */
    private static String apply(String text, TextDocumentContentChangeEvent change) {
        if (change.getRange() == null) {
            return change.getText();
        }
        int from = offset(text, change.getRange().getStart());
        int to = Math.max(from, offset(text, change.getRange().getEnd()));
        return text.substring(0, from) + change.getText() + text.substring(to);
    }

    private static int offset(String text, Position p) {
        int offset = 0;
        for (int line = 0; line < p.getLine(); line++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return text.length();
            }
            offset = nl + 1;
        }
        int end = text.indexOf('\n', offset);
        return Math.min(offset + Math.max(0, p.getCharacter()), end < 0 ? text.length() : end);
    }

    // ---- requests ---------------------------------------------------------------------------

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return worker.answer("hover", () -> {
            Analysis a = open.get(params.getTextDocument().getUri());
            return a == null ? null : new Hovers().at(a, params.getPosition());
        }, null);
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(
            CompletionParams params) {
        return worker.answer("completion", () -> {
            Analysis a = open.get(params.getTextDocument().getUri());
            List<CompletionItem> items = a == null ? List.of()
                    : new Completions(snippets).at(a, params.getPosition());
            return Either.<List<CompletionItem>, CompletionList>forLeft(items);
        }, Either.forLeft(List.of()));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>>
            definition(DefinitionParams params) {
        return worker.answer("definition", () -> {
            List<Location> out = new ArrayList<>();
            Analysis a = open.get(params.getTextDocument().getUri());
            if (a != null) {
                Names names = new Names(a.ast());
                names.at(a.lines().fromLsp(params.getPosition()))
                        .flatMap(o -> names.definition(o.name()))
                        .ifPresent(d -> out.add(new Location(a.uri(), a.lines().toLsp(d.span()))));
            }
            return Either.<List<? extends Location>, List<? extends LocationLink>>forLeft(out);
        }, Either.forLeft(List.of()));
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        return worker.answer("references", () -> {
            List<Location> out = new ArrayList<>();
            Analysis a = open.get(params.getTextDocument().getUri());
            if (a != null) {
                boolean declarations = params.getContext() == null
                        || params.getContext().isIncludeDeclaration();
                Names names = new Names(a.ast());
                names.at(a.lines().fromLsp(params.getPosition())).ifPresent(o ->
                        names.occurrences(o.name(), declarations).forEach(r ->
                                out.add(new Location(a.uri(), a.lines().toLsp(r.span())))));
            }
            return out;
        }, List.of());
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return worker.answer("documentSymbol", () -> {
            Analysis a = open.get(params.getTextDocument().getUri());
            List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
            if (a != null) {
                new Outline(a).symbols().forEach(s -> out.add(Either.forRight(s)));
            }
            return out;
        }, List.of());
    }

    /** The whole document replaced by its formatted text; no edit when it has syntax errors. */
    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(
            DocumentFormattingParams params) {
        return worker.answer("formatting", () -> {
            Analysis a = open.get(params.getTextDocument().getUri());
            if (a == null) {
                return List.<TextEdit>of();
            }
            String formatted = Formatter.format(new Diagnostics(a.source()));
            if (formatted == null || formatted.equals(a.text())) {
                return List.<TextEdit>of();
            }
            return List.of(new TextEdit(new Range(new Position(0, 0), a.lines().end()),
                    formatted));
        }, List.of());
    }
}

package nnc.cli.lsp;

import static nnc.cli.lsp.EditorSession.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.compiler.Compiler;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.format.Formatter;
import nnc.compiler.source.SourceFile;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server driven as an editor drives it, over JSON-RPC. */
class LanguageServerTest {
    static final String URI = "file:///work/models/xor.nn";

    static final String TYPO = """
            // XOR with a skip connection
            model Xor {
                input bits: [2]
                output y: binary

                layers {
                    h = dense(4, activation: rleu)
                    dense(1, activation: sigmoid)(h)
                }

                loss: binary_cross_entropy
                optimizer: adam(lr: 0.05)
            }
            """;

    static final String FIXED = TYPO.replace("rleu", "relu");

    private EditorSession editor;

    @BeforeEach
    void start() throws Exception {
        editor = new EditorSession();
        editor.initialize(true);
    }

    @AfterEach
    void stop() throws Exception {
        editor.close();
    }

    @Test
    void advertisesWhatItDoes() throws Exception {
        try (EditorSession other = new EditorSession()) {
            InitializeResult init = other.initialize(false);
            var caps = init.getCapabilities();
            assertEquals("nnc", init.getServerInfo().getName());
            assertTrue(caps.getHoverProvider().getLeft());
            assertTrue(caps.getDefinitionProvider().getLeft());
            assertTrue(caps.getReferencesProvider().getLeft());
            assertTrue(caps.getDocumentSymbolProvider().getLeft());
            assertTrue(caps.getDocumentFormattingProvider().getLeft());
            assertTrue(caps.getCompletionProvider().getTriggerCharacters().contains(":"));

            // An editor without snippet support gets plain text to insert.
            String typing = "model M { layers {  } }";
            other.open(URI, typing);
            other.diagnostics(URI);
            CompletionItem dense = get(other.server.getTextDocumentService().completion(
                    new CompletionParams(doc(), at(typing, "  }", 1)))).getLeft().stream()
                    .filter(i -> i.getLabel().equals("dense")).findFirst().orElseThrow();
            assertEquals("dense(units)", dense.getInsertText());
            assertEquals(InsertTextFormat.PlainText, dense.getInsertTextFormat());
        }
    }

    @Test
    void typoIsReportedWithTheCheckersMessageThenClearedWhenFixed() {
        editor.open(URI, TYPO);
        PublishDiagnosticsParams first = editor.diagnostics(URI);
        assertEquals(1, first.getDiagnostics().size(), first.toString());
        Diagnostic d = first.getDiagnostics().get(0);

        var expected = checkerDiagnostics(TYPO).get(0);
        assertEquals(expected.message() + "\nhelp: " + expected.help(), d.getMessage());
        assertTrue(d.getMessage().startsWith("unknown activation `rleu`"), d.getMessage());
        assertTrue(d.getMessage().contains("did you mean `relu`?"), d.getMessage());
        assertEquals("E0200", d.getCode().getLeft());
        assertEquals("nnc", d.getSource());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals(rangeOf(TYPO, "rleu", 0), d.getRange());

        editor.change(URI, 2, FIXED);
        PublishDiagnosticsParams second = editor.diagnostics(URI);
        assertEquals(2, second.getVersion());
        assertEquals(List.of(), second.getDiagnostics());
    }

    @Test
    void notesBecomeRelatedInformation() {
        String twice = FIXED.replace("dense(1, activation: sigmoid)(h)",
                "h = dense(1, activation: sigmoid)");
        editor.open(URI, twice);
        Diagnostic d = editor.diagnostics(URI).getDiagnostics().get(0);
        assertTrue(d.getMessage().contains("already taken"), d.getMessage());
        assertEquals(1, d.getRelatedInformation().size());
        assertEquals(URI, d.getRelatedInformation().get(0).getLocation().getUri());
        assertEquals(rangeOf(twice, "h", lineIndexOf(twice, "h = dense(4")).getStart(),
                d.getRelatedInformation().get(0).getLocation().getRange().getStart());
    }

    @Test
    void rangesCountUtf16CodeUnits() {
        String emoji = TYPO.replace("h = dense(4, activation: rleu)",
                "/* 😀 */ h = dense(4, activation: rleu)");
        editor.open(URI, emoji);
        Diagnostic d = editor.diagnostics(URI).getDiagnostics().get(0);
        Range r = rangeOf(emoji, "rleu", 0);
        assertEquals(r, d.getRange());
        String line = emoji.lines().toList().get(r.getStart().getLine());
        assertEquals("rleu", line.substring(r.getStart().getCharacter(),
                r.getEnd().getCharacter()));
    }

    @Test
    void hoverOnADenseLayerShowsShapeParametersAndFlops() {
        editor.open(URI, FIXED);
        editor.diagnostics(URI);
        Hover hover = hover(at(FIXED, "dense(4", 1));
        String text = hover.getContents().getRight().getValue();
        assertTrue(text.contains("`dense` layer"), text);
        assertTrue(text.contains("`[4]`"), text);
        assertTrue(text.contains("parameters: 12"), text); // 2·4 weights + 4 biases
        assertTrue(text.contains("FLOPs per sample: 24"), text); // 2·2·4 + 4 bias + 4 relu
        assertTrue(text.contains("fully connected layer"), text);

        String last = hover(at(FIXED, "dense(1", 1)).getContents().getRight().getValue();
        assertTrue(last.contains("`[1]`") && last.contains("parameters: 5"), last);
    }

    @Test
    void hoverOnBuiltinWordsShowsTheirDoc() {
        editor.open(URI, FIXED);
        editor.diagnostics(URI);
        assertHover(at(FIXED, "relu", 1), "f(x) = max(0, x)");
        assertHover(at(FIXED, "adam", 1), "Adam (Kingma & Ba, 2015)");
        assertHover(at(FIXED, "lr:", 0), "learning rate");
        assertHover(at(FIXED, "binary_cross_entropy", 1), "cross-entropy of sigmoid");
        assertHover(at(FIXED, "activation: sigmoid", 2), "option of `dense`");
        assertHover(at(FIXED, "layers", 1), "one layer per line");
        assertHover(at(FIXED, "bits", 1), "input of shape `[2]`");
        assertHover(at(FIXED, "(h)", 1), "**h** · `dense` layer, relu → `[4]`");
    }

    @Test
    void hoverStillAnswersWhenTheFileHasErrors() {
        editor.open(URI, TYPO);
        editor.diagnostics(URI);
        assertHover(at(TYPO, "dense(4", 1), "fully connected layer");
        assertHover(at(TYPO, "sigmoid", 1), "in (0, 1)");
        String broken = TYPO.replace("optimizer: adam(lr: 0.05)", "optimizer: adam(lr: ");
        editor.change(URI, 2, broken);
        editor.diagnostics(URI);
        assertHover(at(broken, "adam", 1), "Adam");
    }

    @Test
    void completesActivationsAfterActivationColon() {
        String typing = FIXED.replace("activation: relu)", "activation: )");
        editor.open(URI, typing);
        editor.diagnostics(URI);
        List<String> labels = labels(complete(at(typing, "activation: )", 12)));
        assertTrue(labels.containsAll(List.of("relu", "tanh", "sigmoid", "softmax")),
                labels.toString());
        assertTrue(!labels.contains("adam") && !labels.contains("dense"), labels.toString());

        String partial = FIXED.replace("activation: relu)", "activation: re)");
        editor.change(URI, 2, partial);
        editor.diagnostics(URI);
        assertTrue(labels(complete(at(partial, "re)", 2))).contains("relu"));
    }

    @Test
    void completesByContext() {
        String typing = """
                model M {
                    input x: [4]
                    layers {
                        h = dense(4)
                       \s
                        dense(2, )(h)
                    }
                    loss:\s
                    optimizer: adam()
                    train {
                        epochs: 3
                       \s
                    }
                }
                """;
        editor.open(URI, typing);
        editor.diagnostics(URI);
        List<CompletionItem> layers = complete(new Position(4, 8));
        assertTrue(labels(layers).containsAll(List.of("dense", "flatten", "dropout", "add")),
                labels(layers).toString());
        CompletionItem dense = layers.stream().filter(i -> i.getLabel().equals("dense"))
                .findFirst().orElseThrow();
        assertEquals("dense(${1:units})", dense.getInsertText());
        assertEquals(InsertTextFormat.Snippet, dense.getInsertTextFormat());

        List<String> options = labels(complete(at(typing, ", )(h)", 2)));
        assertTrue(options.containsAll(List.of("units", "activation", "init", "bias_init")),
                options.toString());
        assertTrue(labels(complete(at(typing, "h)", 0))).contains("x"));
        assertTrue(labels(complete(at(typing, "loss: ", 6))).contains("binary_cross_entropy"));
        assertTrue(labels(complete(at(typing, "adam()", 5))).containsAll(
                List.of("lr", "beta1", "beta2", "epsilon")));
        List<String> train = labels(complete(new Position(11, 8)));
        assertTrue(train.containsAll(List.of("epochs", "batch", "early_stopping", "seed")),
                train.toString());
        assertTrue(labels(complete(at(typing, "x: [4]", 1))).isEmpty(),
                "a name is being declared");
        assertEquals(List.of("model"), labels(complete(new Position(0, 0))));
    }

    @Test
    void goesToTheDefinitionOfANamedLayerAndFindsItsReferences() {
        editor.open(URI, FIXED);
        editor.diagnostics(URI);
        List<? extends Location> defs = get(editor.server.getTextDocumentService().definition(
                new DefinitionParams(doc(), at(FIXED, "(h)", 1)))).getLeft();
        assertEquals(1, defs.size());
        assertEquals(URI, defs.get(0).getUri());
        assertEquals(rangeOf(FIXED, "h", lineIndexOf(FIXED, "h = dense")),
                defs.get(0).getRange());

        List<? extends Location> refs = get(editor.server.getTextDocumentService().references(
                new ReferenceParams(doc(), defs.get(0).getRange().getStart(),
                        new ReferenceContext(true))));
        Range use = new Range(at(FIXED, "h)", 0), at(FIXED, "h)", 1));
        assertEquals(List.of(defs.get(0).getRange(), use),
                refs.stream().map(Location::getRange).toList());

        List<? extends Location> input = get(editor.server.getTextDocumentService().definition(
                new DefinitionParams(doc(), at(FIXED, "dense(4", 0)))).getLeft();
        assertEquals(List.of(), input);
    }

    @Test
    void outlinesTheModel() {
        editor.open(URI, FIXED);
        editor.diagnostics(URI);
        List<DocumentSymbol> symbols = get(editor.server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(doc()))).stream()
                .map(e -> e.getRight()).toList();
        assertEquals(1, symbols.size());
        DocumentSymbol model = symbols.get(0);
        assertEquals("Xor", model.getName());
        assertEquals(List.of("bits", "y", "layers", "loss", "optimizer"),
                model.getChildren().stream().map(DocumentSymbol::getName).toList());
        DocumentSymbol layers = model.getChildren().get(2);
        assertEquals(List.of("h", "dense_1"),
                layers.getChildren().stream().map(DocumentSymbol::getName).toList());
        assertEquals("dense(4, activation: relu) → [4]", layers.getChildren().get(0).getDetail());
    }

    @Test
    void formatsTheWholeDocument() {
        String messy = "model Xor{input bits:[2] output y:binary\n// hidden layer\n"
                + "layers{h=dense(4,activation:relu) dense(1,activation:sigmoid)(h)}"
                + "loss:binary_cross_entropy optimizer:adam(lr:0.05)}";
        editor.open(URI, messy);
        editor.diagnostics(URI);
        List<? extends TextEdit> edits = format();
        assertEquals(1, edits.size());
        String expected = Formatter.format(new Diagnostics(SourceFile.of("x.nn", messy)));
        assertEquals(expected, edits.get(0).getNewText());
        String lastLine = messy.substring(messy.lastIndexOf('\n') + 1);
        assertEquals(new Range(new Position(0, 0), new Position(2, lastLine.length())),
                edits.get(0).getRange());

        editor.change(URI, 2, expected);
        editor.diagnostics(URI);
        assertEquals(List.of(), format(), "a formatted document needs no edits");

        editor.change(URI, 3, "model Xor { layers { dense(4 }");
        editor.diagnostics(URI);
        assertEquals(List.of(), format(), "a document with syntax errors is left alone");
    }

    @Test
    void requestsOnUnknownDocumentsAnswerEmpty() {
        assertEquals(null, hover(new Position(0, 0)));
        assertEquals(List.of(), complete(new Position(0, 0)));
        assertEquals(List.of(), format());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static List<nnc.compiler.diag.Diagnostic> checkerDiagnostics(String text) {
        Diagnostics diag = new Diagnostics(SourceFile.of("x.nn", text));
        Compiler.check(diag);
        return diag.sorted();
    }

    private Hover hover(Position p) {
        return get(editor.server.getTextDocumentService().hover(new HoverParams(doc(), p)));
    }

    private void assertHover(Position p, String expected) {
        Hover h = hover(p);
        assertNotNull(h, "no hover at " + p);
        String text = h.getContents().getRight().getValue();
        assertTrue(text.contains(expected), "hover at " + p + ": " + text);
    }

    private List<CompletionItem> complete(Position p) {
        return get(editor.server.getTextDocumentService().completion(
                new CompletionParams(doc(), p))).getLeft();
    }

    private List<? extends TextEdit> format() {
        return get(editor.server.getTextDocumentService().formatting(
                new DocumentFormattingParams(doc(), new FormattingOptions(4, true))));
    }

    private static List<String> labels(List<CompletionItem> items) {
        return items.stream().map(CompletionItem::getLabel).toList();
    }

    private static TextDocumentIdentifier doc() {
        return new TextDocumentIdentifier(URI);
    }

    /** The position {@code offset} UTF-16 units into the first occurrence of {@code needle}. */
    static Position at(String text, String needle, int offset) {
        int i = text.indexOf(needle);
        assertTrue(i >= 0, needle);
        i += offset;
        int line = (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        return new Position(line, i - text.lastIndexOf('\n', i - 1) - 1);
    }

    /** The range of {@code needle} on the first line at or after {@code fromLine} with it. */
    static Range rangeOf(String text, String needle, int fromLine) {
        List<String> lines = text.lines().toList();
        for (int l = fromLine; l < lines.size(); l++) {
            int c = lines.get(l).indexOf(needle);
            if (c >= 0) {
                return new Range(new Position(l, c), new Position(l, c + needle.length()));
            }
        }
        throw new AssertionError(needle);
    }

    static int lineIndexOf(String text, String needle) {
        return at(text, needle, 0).getLine();
    }
}

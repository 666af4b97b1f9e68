package nnc.cli.lsp;

import static nnc.cli.lsp.EditorSession.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.Test;

/**
 * Whatever an editor sends, the server answers every request and keeps going: random bytes,
 * unbalanced brackets, nesting deeper than the parser's stack, and random soups of the
 * language's own tokens (which reach much further into the code than random bytes do).
 */
class BrokenDocumentTest {
    private static final String URI = "file:///tmp/broken.nn";
    private static final String[] SOUP = {"model", "M", "{", "}", "(", ")", "[", "]", ":", ",",
        "=", "-", "layers", "train", "data", "input", "output", "loss", "optimizer", "dense",
        "add", "activation", "relu", "adam", "lr", "early_stopping", "h", "4", "0.5", "\"s\"",
        "// c\n", "/* c */", "\n", " ", "😀", "§"};

    @Test
    void everyRequestIsAnsweredOnBrokenDocuments() throws Exception {
        List<String> documents = new ArrayList<>(List.of("", "{{{{", "}}}}", ")))]]]", "model",
                "model X {", "model X { layers { dense(4, activation: ( [[[[ }}}} )))",
                "model X { layers { h = dense(4)( ", "/* unterminated", "\"unterminated",
                "model X { input x: [2] layers { add(, concat(,,, ) = = = } } }",
                "\u0000\uFFFF\uD800 \r\r\n\t", "(".repeat(20_000), "[".repeat(20_000),
                "model X { input x: " + "[".repeat(5_000) + "1" + "]".repeat(5_000) + " }",
                LanguageServerTest.TYPO.substring(0, LanguageServerTest.TYPO.length() / 2)));
        Random random = new Random(7);
        for (int i = 0; i < 15; i++) {
            byte[] bytes = new byte[1 + random.nextInt(400)];
            random.nextBytes(bytes);
            documents.add(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 40; i++) {
            StringBuilder soup = new StringBuilder();
            for (int k = random.nextInt(120); k > 0; k--) {
                soup.append(SOUP[random.nextInt(SOUP.length)]).append(random.nextBoolean()
                        ? " " : "");
            }
            documents.add(soup.toString());
        }

        try (EditorSession editor = new EditorSession()) {
            editor.initialize(true);
            editor.open(URI, "");
            editor.diagnostics(URI);
            int version = 1;
            for (String text : documents) {
                editor.change(URI, ++version, text);
                assertEquals(version, editor.diagnostics(URI).getVersion());
                for (Position p : positions(text, random)) {
                    askEverything(editor.server.getTextDocumentService(), p);
                }
            }
            editor.change(URI, ++version, LanguageServerTest.FIXED);
            assertEquals(List.of(), editor.diagnostics(URI).getDiagnostics());
            assertNotNull(get(editor.server.getTextDocumentService().hover(new HoverParams(
                    doc(), LanguageServerTest.at(LanguageServerTest.FIXED, "dense", 1)))),
                    "the server still works after all that");
        }
    }

    /** Positions at the edges, out of range, and at random places in the text. */
    private static List<Position> positions(String text, Random random) {
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        List<Position> out = new ArrayList<>(List.of(new Position(0, 0),
                new Position((int) lines - 1, 10_000), new Position((int) lines + 5, 3),
                new Position(-1, -1)));
        for (int i = 0; i < 4; i++) {
            out.add(new Position(random.nextInt((int) lines), random.nextInt(60)));
        }
        return out;
    }

    private static void askEverything(TextDocumentService docs, Position p) {
        String where = " at " + p.getLine() + ":" + p.getCharacter();
        get(docs.hover(new HoverParams(doc(), p)));
        assertTrue(get(docs.completion(new CompletionParams(doc(), p))).isLeft(), where);
        assertNotNull(get(docs.definition(new DefinitionParams(doc(), p))), where);
        assertNotNull(get(docs.references(new ReferenceParams(doc(), p,
                new ReferenceContext(true)))), where);
        assertNotNull(get(docs.documentSymbol(new DocumentSymbolParams(doc()))), where);
        assertNotNull(get(docs.formatting(new DocumentFormattingParams(doc(),
                new FormattingOptions(4, true)))), where);
    }

    private static TextDocumentIdentifier doc() {
        return new TextDocumentIdentifier(URI);
    }
}

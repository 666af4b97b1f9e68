package nnc.cli.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import nnc.compiler.check.Checker;
import nnc.compiler.check.Spec;
import nnc.compiler.diag.Diagnostic;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;
import nnc.compiler.syntax.Ast;
import nnc.compiler.syntax.Parser;
import org.antlr.v4.runtime.Token;

/**
 * One version of an open document run through the compiler's front end, exactly as
 * {@code nnc check} runs it: the parser, then the checker. The syntax tree is kept when the
 * file parses and the checked model when it also checks; the tokens are always there, so
 * requests on a broken file can still be answered from them.
 *
 * @param uri         the document
 * @param source      its text
 * @param diagnostics what the front end reported
 * @param ast         the syntax tree, or null when the file has syntax errors
 * @param model       the checked model, or null when the file has errors
 * @param context     the tokens, for questions about the code around a position
 * @param lines       position conversion
 */
record Analysis(String uri, SourceFile source, Diagnostics diagnostics, Ast.Model ast,
                Spec.Model model, TokenContext context, LineMap lines) {

    static Analysis of(String uri, String text) {
        SourceFile source = sourceFile(uri, text);
        Diagnostics diag = new Diagnostics(source);
        Ast.Model ast = null;
        Spec.Model model = null;
        try {
            ast = Parser.parse(diag);
            model = ast == null ? null : Checker.check(ast, diag);
        } catch (RuntimeException | StackOverflowError e) {
            Log.error("checking " + uri, e);
            diag.report(Diagnostic.error("internal", new Span(1, 1, 1, 2),
                    "internal compiler error while checking this file: " + e, "",
                    "this is a bug in nnc, not in your model; please report it with the file"));
        }
        List<Token> tokens = Parser.tokens(text);
        return new Analysis(uri, source, diag, ast, model, new TokenContext(tokens),
                new LineMap(text));
    }

    String text() {
        return source.text();
    }

    /** A file: URI becomes the path the messages name; anything else keeps its URI. */
    private static SourceFile sourceFile(String uri, String text) {
        try {
            URI u = URI.create(uri);
            if ("file".equals(u.getScheme())) {
                Path path = Path.of(u);
                return new SourceFile(path.toString(), path, text);
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file URI we can map; name it by the URI
        }
        return SourceFile.of(uri, text);
    }
}

package nnc.compiler.syntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.source.Span;
import nnc.grammar.NNLexer;
import nnc.grammar.NNParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Parses a {@code .nn} file into an {@link Ast.Model}. Syntax errors go to the diagnostics in
 * words a person reads ("expected `:` after the input's name"), never as ANTLR's token sets.
 */
public final class Parser {
    private Parser() {
    }

    /**
     * ANTLR's parse tree with every token of the file, comments and whitespace included (they
     * are on the hidden channel). The formatter works from this, the rest of the compiler from
     * the {@link Ast}.
     *
     * @param tree   the tree of the whole file
     * @param tokens every token in source order, ending with EOF
     */
    public record Tree(NNParser.ProgramContext tree, List<Token> tokens) {
    }

    /** The tree, or {@code null} when the file has syntax errors (they are reported). */
    public static Ast.Model parse(Diagnostics diagnostics) {
        Tree tree = parseTree(diagnostics);
        return tree == null ? null : new AstBuilder().visitProgram(tree.tree());
    }

    /** The parse tree and tokens, or {@code null} when the file has syntax errors. */
    public static Tree parseTree(Diagnostics diagnostics) {
        NNLexer lexer = new NNLexer(CharStreams.fromString(diagnostics.source().text(),
                diagnostics.source().displayName()));
        ErrorCollector errors = new ErrorCollector(diagnostics);
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        NNParser parser = new NNParser(stream);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        NNParser.ProgramContext tree = parser.program();
        if (errors.count > 0) {
            return null;
        }
        stream.fill();
        return new Tree(tree, List.copyOf(stream.getTokens()));
    }

    /**
     * Every token of {@code text}, hidden ones included, ending with EOF. Never fails: text the
     * language does not know becomes {@code ERROR_CHAR} tokens. Editors use this to find out
     * what surrounds the cursor in files that do not parse.
     */
    public static List<Token> tokens(String text) {
        NNLexer lexer = new NNLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        stream.fill();
        return List.copyOf(stream.getTokens());
    }

    /** Turns ANTLR's reports into diagnostics; only the first error per line is kept. */
    private static final class ErrorCollector extends BaseErrorListener {
        private final Diagnostics diagnostics;
        private final Set<Integer> linesWithErrors = new LinkedHashSet<>();
        int count;

        ErrorCollector(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line,
                                int col, String antlrMessage, RecognitionException e) {
            count++;
            if (!linesWithErrors.add(line)) {
                return;
            }
            Token token = offending instanceof Token t ? t : null;
            Span span = token == null ? new Span(line, col + 1, line, col + 2)
                    : AstBuilder.span(token);
            NNParser parser = (NNParser) recognizer;
            IntervalSet expected = e != null && e.getExpectedTokens() != null
                    ? e.getExpectedTokens() : parser.getExpectedTokens();
            String what = describe(token);
            String wanted = expectedText(expected, parser);
            String context = context(parser);
            if (token != null && token.getType() == NNLexer.ERROR_CHAR) {
                diagnostics.error("E0101", span, "unexpected character `" + token.getText() + "`",
                        "not part of the .nn language",
                        "names use letters, digits and `_`; strings go in double quotes");
                return;
            }
            String message;
            if (e instanceof NoViableAltException || e instanceof InputMismatchException
                    || e == null) {
                message = "unexpected " + what + (context.isEmpty() ? "" : " in " + context);
            } else {
                message = "unexpected " + what;
            }
            String help = wanted.isEmpty() ? "" : "expected " + wanted;
            if (token != null && token.getType() == Token.EOF) {
                help = help.isEmpty() ? "is a `}` missing?" : help + "; is a `}` missing?";
            }
            diagnostics.error("E0100", span, message, wanted.isEmpty() ? "" : "expected " + wanted,
                    help);
        }

        private static String describe(Token token) {
            if (token == null) {
                return "input";
            }
            if (token.getType() == Token.EOF) {
                return "end of file";
            }
            return "`" + token.getText() + "`";
        }

        private static String context(NNParser parser) {
            var ctx = parser.getContext();
            while (ctx != null) {
                String rule = NNParser.ruleNames[ctx.getRuleIndex()];
                switch (rule) {
                    case "layerStmt": return "a layer statement";
                    case "setting": return "a setting";
                    case "call", "argument": return "the arguments of a call";
                    case "value": return "a value";
                    case "member": return "the model body";
                    case "modelDecl": return "the model declaration";
                    default: break;
                }
                ctx = ctx.getParent();
            }
            return "";
        }

        /** Token sets as categories: "a name", "a value", or a short list of symbols. */
        private static String expectedText(IntervalSet expected, NNParser parser) {
            if (expected == null || expected.isNil()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            boolean name = expected.contains(NNLexer.ID);
            boolean number = expected.contains(NNLexer.INT) || expected.contains(NNLexer.FLOAT);
            boolean string = expected.contains(NNLexer.STRING);
            if (name && number && string) {
                parts.add("a value");
            } else {
                if (name) {
                    parts.add("a name");
                }
                if (number) {
                    parts.add("a number");
                }
            }
            boolean members = expected.contains(NNLexer.KW_LAYERS)
                    && expected.contains(NNLexer.KW_INPUT);
            if (members) {
                parts.add("a member (`input`, `output`, `layers`, `loss`, `optimizer`, "
                        + "`regularize`, `train`, `data`)");
            }
            for (int type : expected.toArray()) {
                String lit = parser.getVocabulary().getLiteralName(type);
                if (lit == null || type == Token.EOF) {
                    continue;
                }
                String bare = lit.substring(1, lit.length() - 1);
                boolean symbol = !Character.isLetter(bare.charAt(0));
                if (symbol) {
                    parts.add("`" + bare + "`");
                } else if (!name && !members && bare.equals("model")) {
                    parts.add("`model`");
                }
            }
            if (parts.isEmpty()) {
                return "";
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            return String.join(", ", parts.subList(0, parts.size() - 1)) + " or "
                    + parts.get(parts.size() - 1);
        }
    }
}

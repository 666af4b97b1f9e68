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
            if (count > 1) {
                // After the first syntax error the parser is guessing; its later reports are
                // mostly echoes of the first, so only the first is shown.
                return;
            }
            Token token = offending instanceof Token t ? t : null;
            Span span = token == null ? new Span(line, col + 1, line, col + 2)
                    : AstBuilder.span(token);
            NNParser parser = (NNParser) recognizer;
            if (token != null && token.getType() == NNLexer.ERROR_CHAR) {
                diagnostics.error("E0101", span, "unexpected character `" + token.getText() + "`",
                        "not part of the .nn language",
                        "names use letters, digits and `_`; strings go in double quotes");
                return;
            }
            IntervalSet expected = e != null && e.getExpectedTokens() != null
                    ? e.getExpectedTokens() : parser.getExpectedTokens();
            String wanted = expectedText(expected, parser);
            Token before = previous(parser, token);
            String message = "unexpected " + describe(token)
                    + (before == null ? "" : " after `" + before.getText() + "`");
            String context = context(parser);
            if (!context.isEmpty()) {
                message += " in " + context;
            }
            String help = "";
            if (before != null && isMemberKeyword(before.getType()) && insideBlock(parser)) {
                help = "`" + before.getText() + "` starts a new member; is the `}` closing the "
                        + "block before it missing?";
            } else if (token != null && token.getType() == Token.EOF) {
                help = "is a `}` missing?";
            }
            diagnostics.error("E0100", span, message,
                    wanted.isEmpty() ? "" : "expected " + wanted, help);
        }

        private static boolean insideBlock(NNParser parser) {
            for (var ctx = parser.getContext(); ctx != null; ctx = ctx.getParent()) {
                if (ctx instanceof NNParser.LayersMemberContext
                        || ctx instanceof NNParser.TrainMemberContext
                        || ctx instanceof NNParser.DataMemberContext) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isMemberKeyword(int type) {
            return type == NNLexer.KW_INPUT || type == NNLexer.KW_OUTPUT
                    || type == NNLexer.KW_LAYERS || type == NNLexer.KW_LOSS
                    || type == NNLexer.KW_OPTIMIZER || type == NNLexer.KW_REGULARIZE
                    || type == NNLexer.KW_TRAIN || type == NNLexer.KW_DATA;
        }

        /** The token before {@code token} on the default channel, or null. */
        private static Token previous(NNParser parser, Token token) {
            if (token == null) {
                return null;
            }
            var stream = parser.getTokenStream();
            for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
                Token t = stream.get(i);
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    return t;
                }
            }
            return null;
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
                if (ctx instanceof NNParser.LayersMemberContext) {
                    return "the `layers` block";
                }
                if (ctx instanceof NNParser.TrainMemberContext) {
                    return "the `train` block";
                }
                if (ctx instanceof NNParser.DataMemberContext) {
                    return "the `data` block";
                }
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
                    && expected.contains(NNLexer.KW_INPUT) && !name;
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

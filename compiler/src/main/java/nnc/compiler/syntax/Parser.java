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
        // Text that is no token at all (a bad character, a bad or unclosed string, an unclosed
        // comment) is reported where it is, every such place at once: the parser would only
        // see a token it did not expect and blame the construct around it.
        // A syntax error before the first of them is still reported first.
        stream.fill();
        List<Token> lexical = stream.getTokens().stream().filter(ErrorCollector::isLexical)
                .toList();
        if (!lexical.isEmpty()) {
            // The parser's lookahead stops a token or two before such text and blames what it
            // was reading: an error that close belongs to the text.
            int first = lexical.get(0).getTokenIndex();
            int from = first;
            for (int seen = 0; from > 0 && seen < 2; ) {
                from--;
                if (stream.get(from).getChannel() == Token.DEFAULT_CHANNEL) {
                    seen++;
                }
            }
            errors.lexicalFrom = from;
        }
        NNParser parser = new NNParser(stream);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        NNParser.ProgramContext tree = parser.program();
        Set<Integer> lines = new LinkedHashSet<>();
        for (Token t : errors.reported ? List.<Token>of() : lexical) {
            // One per line, twenty at most: a binary file is not worth a report per byte.
            if (!lines.contains(t.getLine()) && lines.size() < 20) {
                errors.reportLexical(t, AstBuilder.span(t));
                lines.add(t.getLine());
            }
        }
        if (errors.count > 0 || !lexical.isEmpty()) {
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
        /** Whether a syntax error has been reported (the first is the one shown). */
        boolean reported;
        /** The index of the first token that is no token of the language. */
        int lexicalFrom = Integer.MAX_VALUE;

        ErrorCollector(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line,
                                int col, String antlrMessage, RecognitionException e) {
            count++;
            if (offending instanceof Token t && t.getTokenIndex() >= lexicalFrom) {
                // At or after text that is no token: reported as that, after the parse.
                return;
            }
            if (reported) {
                // After the first syntax error the parser is guessing; its later reports are
                // mostly echoes of the first, so only the first is shown.
                return;
            }
            Token token = offending instanceof Token t ? t : null;
            Span span = token == null ? new Span(line, col + 1, line, col + 2)
                    : AstBuilder.span(token);
            NNParser parser = (NNParser) recognizer;
            if (token != null && reportLexical(token, span)) {
                reported = true;
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
            reported = true;
        }

        /** Whether {@code t} is text that is no token of the language. */
        static boolean isLexical(Token t) {
            return t.getType() == NNLexer.ERROR_CHAR || t.getType() == NNLexer.BAD_STRING
                    || t.getType() == NNLexer.UNTERMINATED_COMMENT;
        }

        /** Reports {@code token} when it is text that is no token of the language. */
        boolean reportLexical(Token token, Span span) {
            if (token.getType() == NNLexer.ERROR_CHAR) {
                diagnostics.error("E0101", span, "unexpected character " + visible(token.getText()),
                        "not part of the .nn language",
                        "names use letters, digits and `_`; strings go in double quotes");
                return true;
            }
            if (token.getType() == NNLexer.BAD_STRING) {
                String text = token.getText();
                int escape = badEscape(text);
                if (escape >= 0) {
                    Span at = new Span(span.line(), span.column() + escape, span.line(),
                            span.column() + escape + 2);
                    diagnostics.error("E0101", at, "unknown escape `" + text.substring(escape,
                                    escape + 2) + "` in a string", "not an escape",
                            "the escapes are \\\" \\\\ \\/ \\n and \\t");
                } else {
                    diagnostics.error("E0101", span, "this string is not closed on its line",
                            "no closing `\"`", "end it with `\"` before the end of the line");
                }
                return true;
            }
            if (token.getType() == NNLexer.UNTERMINATED_COMMENT) {
                Span start = new Span(span.line(), span.column(), span.line(), span.column() + 2);
                diagnostics.error("E0101", start, "this comment is never closed",
                        "runs to the end of the file", "close it with `*/`");
                return true;
            }
            return false;
        }

        /** Where in a bad string the first unknown escape starts, or -1 when there is none. */
        private static int badEscape(String text) {
            for (int i = 1; i < text.length() - 1; i++) {
                if (text.charAt(i) == '\\') {
                    if ("\"\\/nt".indexOf(text.charAt(i + 1)) < 0) {
                        return i;
                    }
                    i++;
                }
            }
            return -1;
        }

        /** A character for a message: itself in backquotes, or its code when it is invisible. */
        private static String visible(String c) {
            int cp = c.codePointAt(0);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return String.format(java.util.Locale.ROOT, "U+%04X (an invisible character)",
                        cp);
            }
            return "`" + c + "`";
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

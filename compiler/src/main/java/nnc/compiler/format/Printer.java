package nnc.compiler.format;

import java.util.List;
import nnc.grammar.NNLexer;
import org.antlr.v4.runtime.Token;

/**
 * Writes the tokens of a file with their {@link Placement}s and weaves its comments back in.
 * A comment on the same line as the token before it stays there ("trailing"); any other comment
 * gets a line of its own, indented like the code it precedes. Blank lines the author left
 * between statements or before comments are kept (at most one); blank lines right after an
 * opening brace or before a closing one are dropped.
 */
final class Printer {
    private static final String INDENT = "    ";

    private final List<Token> tokens;
    private final Placement[] placements;
    private final StringBuilder out = new StringBuilder();

    /** Indentation level of the statement being written; continuation lines go one deeper. */
    private int statementIndent;
    /** The last thing written was an opening brace. */
    private boolean afterOpenBrace;
    /** The last thing written was a block comment on the line of code before it. */
    private boolean afterInlineComment;

    private Printer(List<Token> tokens, Placement[] placements) {
        this.tokens = tokens;
        this.placements = placements;
    }

    static String print(List<Token> tokens, Placement[] placements) {
        Printer p = new Printer(tokens, placements);
        p.run();
        return p.out.toString();
    }

    private void run() {
        int gapStart = 0;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            Placement p = placements[t.getTokenIndex()];
            boolean mustBreak = gap(tokens.subList(gapStart, t.getTokenIndex()), t, p);
            gapStart = t.getTokenIndex() + 1;
            if (t.getType() == Token.EOF) {
                break;
            }
            separate(t, p, mustBreak);
            out.append(t.getText());
            afterOpenBrace = t.getText().equals("{");
            afterInlineComment = false;
        }
        out.append('\n');
    }

    /**
     * Writes the comments found between two tokens; returns whether the next token must start
     * a new line (a comment ended the line).
     */
    private boolean gap(List<Token> hidden, Token next, Placement p) {
        int newlines = 0;
        boolean mustBreak = false;
        boolean firstOwnLine = true;
        for (Token h : hidden) {
            if (h.getType() == NNLexer.WS) {
                newlines += count(h.getText(), '\n');
                continue;
            }
            boolean lineComment = h.getType() == NNLexer.LINE_COMMENT;
            if (out.length() == 0 || newlines > 0) {
                if (out.length() > 0) {
                    boolean blank = newlines >= 2 && keepsBlankBeforeComment(next, p)
                            || firstOwnLine && p.sep() == Placement.Sep.BLANK;
                    out.append(blank ? "\n\n" : "\n");
                }
                out.append(INDENT.repeat(commentIndent(next, p)));
                firstOwnLine = false;
                afterInlineComment = false;
                mustBreak = true;
            } else {
                if (!opensInline(out.charAt(out.length() - 1))) {
                    out.append(' ');
                }
                mustBreak |= lineComment;
                afterInlineComment = !lineComment;
            }
            out.append(text(h));
            afterOpenBrace = false;
            newlines = 0;
        }
        if (p.sep().breaks() && next.getType() != Token.EOF && out.length() > 0) {
            boolean blank = firstOwnLine && p.sep() == Placement.Sep.BLANK
                    || newlines >= 2 && keepsBlankBeforeToken(next, p);
            out.append(blank ? "\n\n" : "\n");
            out.append(INDENT.repeat(p.indent()));
            return false;
        }
        return mustBreak;
    }

    /** Writes what goes between the previous output and a token that does not start a line. */
    private void separate(Token t, Placement p, boolean mustBreak) {
        if (p.sep().breaks()) {
            statementIndent = p.indent();
            return;
        }
        if (mustBreak) {
            int indent = p.indent() == Placement.CONTINUATION ? statementIndent + 1 : p.indent();
            out.append('\n').append(INDENT.repeat(indent));
        } else if (afterInlineComment) {
            if (!closesInline(t.getText())) {
                out.append(' ');
            }
        } else if (p.sep() == Placement.Sep.SPACE) {
            out.append(' ');
        }
    }

    /** An author's blank line before a comment stays unless it follows an opening brace. */
    private boolean keepsBlankBeforeComment(Token next, Placement p) {
        return !afterOpenBrace && (p.sep().startsStatement() || closesBlock(next));
    }

    /** An author's blank line stays between statements, not around braces or inside a line. */
    private boolean keepsBlankBeforeToken(Token next, Placement p) {
        return !afterOpenBrace && p.sep().startsStatement() && !closesBlock(next);
    }

    private static boolean closesBlock(Token t) {
        return t.getType() != Token.EOF && t.getText().equals("}");
    }

    /** Own-line comments are indented like the code that follows them. */
    private int commentIndent(Token next, Placement p) {
        if (next.getType() == Token.EOF) {
            return 0;
        }
        boolean wrappedCloser = p.sep() == Placement.Sep.WRAP
                && (next.getText().equals(")") || next.getText().equals("]"));
        if (closesBlock(next) || wrappedCloser) {
            return p.indent() + 1;
        }
        return p.sep().breaks() ? p.indent() : statementIndent + 1;
    }

    private static String text(Token comment) {
        String t = comment.getText().replace("\r\n", "\n");
        return comment.getType() == NNLexer.LINE_COMMENT ? t.stripTrailing() : t;
    }

    private static boolean opensInline(char c) {
        return c == '(' || c == '[' || c == '\n' || c == ' ';
    }

    private static boolean closesInline(String text) {
        return switch (text) {
            case ")", "]", ",", ":" -> true;
            default -> false;
        };
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}

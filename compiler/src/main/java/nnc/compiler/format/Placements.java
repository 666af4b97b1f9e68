package nnc.compiler.format;

import java.util.List;
import nnc.compiler.syntax.Parser;
import nnc.grammar.NNParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Decides the canonical placement of every token of a parsed file: punctuation rules first
 * ({@code dense(256, activation: relu)}), then the structure of the parse tree (one member per
 * line, a blank line between groups of members, one statement per line inside blocks).
 */
final class Placements {
    private final List<Token> tokens;
    private final Placement[] at;

    private Placements(List<Token> tokens) {
        this.tokens = tokens;
        this.at = new Placement[tokens.size()];
    }

    /** The placement of each token, indexed like {@code tree.tokens()}; null for hidden ones. */
    static Placement[] of(Parser.Tree tree) {
        Placements p = new Placements(tree.tokens());
        p.punctuation();
        p.structure(tree.tree().modelDecl());
        p.signedNumbers(tree.tree());
        p.wrapLongStatements(tree.tree().modelDecl());
        return p.at;
    }

    /** Spacing that follows from the tokens alone. */
    private void punctuation() {
        Token prev = null;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            if (t.getType() == Token.EOF) {
                at[t.getTokenIndex()] = Placement.line(0);
            } else if (prev == null) {
                at[t.getTokenIndex()] = Placement.line(0);
            } else if (attachesLeft(t.getText()) || opens(prev.getText())) {
                at[t.getTokenIndex()] = Placement.NONE;
            } else {
                at[t.getTokenIndex()] = Placement.SPACE;
            }
            prev = t;
        }
    }

    private static boolean attachesLeft(String text) {
        return switch (text) {
            case ",", ":", ")", "]", "(" -> true;
            default -> false;
        };
    }

    private static boolean opens(String text) {
        return text.equals("(") || text.equals("[");
    }

    /** Line breaks, blank lines and indentation from the parse tree. */
    private void structure(NNParser.ModelDeclContext model) {
        String previousGroup = null;
        for (NNParser.MemberContext m : model.member()) {
            String group = group(m);
            boolean blank = previousGroup != null
                    && (!group.equals(previousGroup) || isBlock(group));
            set(m.getStart(), blank ? Placement.blank(1) : Placement.line(1));
            previousGroup = group;
            block(m);
        }
        set(model.getStop(), closing(model.member().isEmpty(), 0));
    }

    /** Statements of a {@code layers}, {@code train} or {@code data} block, one per line. */
    private void block(NNParser.MemberContext m) {
        List<? extends ParserRuleContext> statements = statements(m);
        if (statements == null) {
            return;
        }
        for (ParserRuleContext s : statements) {
            set(s.getStart(), Placement.line(2));
        }
        set(m.getStop(), closing(statements.isEmpty(), 1));
    }

    /** A closing brace: on its own line, or right after the opening one when empty. */
    private static Placement closing(boolean empty, int indent) {
        return new Placement(empty ? Placement.Sep.NONE : Placement.Sep.LINE, indent);
    }

    /** Statements (and members that are not blocks) wider than the page, one at a time. */
    private void wrapLongStatements(NNParser.ModelDeclContext model) {
        List<Token> code = tokens.stream().filter(t -> t.getChannel() == Token.DEFAULT_CHANNEL
                && t.getType() != Token.EOF).toList();
        int[] position = new int[tokens.size()];
        for (int i = 0; i < code.size(); i++) {
            position[code.get(i).getTokenIndex()] = i;
        }
        LineWrapper wrapper = new LineWrapper(code, at);
        for (NNParser.MemberContext m : model.member()) {
            List<? extends ParserRuleContext> statements = statements(m);
            if (statements == null) {
                wrapper.wrap(position[m.getStart().getTokenIndex()],
                        position[m.getStop().getTokenIndex()], 1);
                continue;
            }
            for (ParserRuleContext s : statements) {
                wrapper.wrap(position[s.getStart().getTokenIndex()],
                        position[s.getStop().getTokenIndex()], 2);
            }
        }
    }

    /** The statements of a block member, or null for a member that is not a block. */
    private static List<? extends ParserRuleContext> statements(NNParser.MemberContext m) {
        if (m instanceof NNParser.LayersMemberContext l) {
            return l.layerStmt();
        } else if (m instanceof NNParser.TrainMemberContext t) {
            return t.setting();
        } else if (m instanceof NNParser.DataMemberContext d) {
            return d.setting();
        }
        return null;
    }

    /** Keeps the minus of {@code -1} on its number. */
    private void signedNumbers(ParseTree node) {
        if (node instanceof NNParser.NumberContext n && n.getChildCount() == 2
                && n.getChild(1) instanceof TerminalNode digits) {
            set(digits.getSymbol(), Placement.NONE);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            signedNumbers(node.getChild(i));
        }
    }

    /** Members that sit together without a blank line between them. */
    private static String group(NNParser.MemberContext m) {
        if (m instanceof NNParser.InputMemberContext || m instanceof NNParser.OutputMemberContext) {
            return "signature";
        }
        if (m instanceof NNParser.LossMemberContext || m instanceof NNParser.OptimizerMemberContext
                || m instanceof NNParser.RegularizeMemberContext) {
            return "objective";
        }
        return m.getStart().getText();
    }

    private static boolean isBlock(String group) {
        return switch (group) {
            case "layers", "train", "data" -> true;
            default -> false;
        };
    }

    private void set(Token t, Placement p) {
        at[t.getTokenIndex()] = p;
    }
}

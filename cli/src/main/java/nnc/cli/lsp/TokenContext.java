package nnc.cli.lsp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import nnc.compiler.check.Builtins.Category;
import nnc.compiler.check.Sig;
import nnc.grammar.NNLexer;
import org.antlr.v4.runtime.Token;

/**
 * Reads what surrounds a position from the tokens alone: which block and which call's
 * parentheses it is in, and what the tokens just before it ask for. It needs no parse, so it
 * works on the half-typed, broken text an editor sends while someone types.
 */
final class TokenContext {
    private final List<Token> all;
    private final List<Token> code;

    TokenContext(List<Token> all) {
        this.all = all;
        this.code = all.stream().filter(t -> t.getChannel() == Token.DEFAULT_CHANNEL
                && t.getType() != Token.EOF).toList();
    }

    /** The tokens that are not whitespace or comments, without EOF. */
    List<Token> code() {
        return code;
    }

    /** Index into {@link #code()} of the token under the cursor (or ending at it), or -1. */
    int tokenAt(LineMap.Cursor c) {
        int touching = -1;
        for (int i = 0; i < code.size(); i++) {
            Token t = code.get(i);
            LineMap.Cursor start = start(t);
            LineMap.Cursor end = end(t);
            if (start.compareTo(c) <= 0 && c.compareTo(end) < 0) {
                return i;
            }
            if (c.equals(end)) {
                touching = i;
            }
        }
        return touching;
    }

    /** Index of a name that the cursor is typing (inside it or at its end), or -1. */
    int wordBefore(LineMap.Cursor c) {
        for (int i = 0; i < code.size(); i++) {
            Token t = code.get(i);
            if (isWord(t) && start(t).compareTo(c) < 0 && c.compareTo(end(t)) <= 0) {
                return i;
            }
        }
        return -1;
    }

    /** How many code tokens end at or before the cursor. */
    int countBefore(LineMap.Cursor c) {
        int n = 0;
        while (n < code.size() && end(code.get(n)).compareTo(c) <= 0) {
            n++;
        }
        return n;
    }

    /** Whether the cursor is inside a comment or a string, where nothing is completed. */
    boolean inCommentOrString(LineMap.Cursor c) {
        for (Token t : all) {
            int type = t.getType();
            boolean comment = type == NNLexer.LINE_COMMENT || type == NNLexer.BLOCK_COMMENT
                    || type == NNLexer.UNTERMINATED_COMMENT;
            if (!comment && type != NNLexer.STRING && type != NNLexer.BAD_STRING) {
                continue;
            }
            int after = start(t).compareTo(c);
            int before = c.compareTo(end(t));
            // Still open at the cursor: a line comment, a comment never closed, a string
            // being typed.
            boolean open = type == NNLexer.LINE_COMMENT || type == NNLexer.UNTERMINATED_COMMENT
                    || type == NNLexer.BAD_STRING && !t.getText().endsWith("\"");
            boolean lineEnd = open && before == 0;
            if (after < 0 && (before < 0 || lineEnd)) {
                return true;
            }
        }
        return false;
    }

    /** What a token at index {@code end} of {@link #code()} would be: the slot before it. */
    Slot slotAt(int end) {
        Deque<Frame> frames = new ArrayDeque<>();
        for (int i = 0; i < Math.min(end, code.size()); i++) {
            step(frames, i);
        }
        return classify(frames, Math.min(end, code.size()));
    }

    static boolean isWord(Token t) {
        String s = t.getText();
        return s != null && !s.isEmpty() && t.getType() != NNLexer.STRING
                && (s.charAt(0) == '_' || s.charAt(0) < 128 && Character.isLetter(s.charAt(0)));
    }

    static LineMap.Cursor start(Token t) {
        return new LineMap.Cursor(t.getLine(), t.getCharPositionInLine());
    }

    /** Where a token ends (exclusive); block comments may end on a later line. */
    static LineMap.Cursor end(Token t) {
        String s = t.getText() == null ? "" : t.getText();
        int line = t.getLine();
        int column = t.getCharPositionInLine();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                line++;
                column = 0;
            } else {
                column++;
            }
        }
        return new LineMap.Cursor(line, column);
    }

    // ---- the scan ---------------------------------------------------------------------------

    /** An open bracket with what it belongs to. */
    private static final class Frame {
        final char open;
        final String block;
        final Sig call;
        final boolean references;
        int args;
        boolean named;
        final Set<String> keys = new HashSet<>();

        Frame(char open, String block, Sig call, boolean references) {
            this.open = open;
            this.block = block;
            this.call = call;
            this.references = references;
        }
    }

    private void step(Deque<Frame> frames, int i) {
        Token t = code.get(i);
        Frame top = frames.peek();
        switch (t.getText()) {
            case "{" -> frames.push(new Frame('{', blockName(i), null, false));
            case "}" -> close(frames, '{');
            case "(" -> frames.push(callFrame(frames, i));
            case "[" -> frames.push(new Frame('[', null, null, false));
            case ")" -> close(frames, '(');
            case "]" -> close(frames, '[');
            case "," -> {
                if (top != null && top.open == '(') {
                    top.args++;
                }
            }
            case ":" -> {
                if (top != null && top.open == '(' && i > 0) {
                    top.named = true;
                    top.keys.add(code.get(i - 1).getText());
                }
            }
            default -> { }
        }
    }

    /** Pops up to the matching bracket; a stray closer outside any block is ignored. */
    private static void close(Deque<Frame> frames, char open) {
        boolean found = false;
        for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.open == open) {
                found = true;
                break;
            }
            if (f.open == '{') {
                break;
            }
        }
        if (!found) {
            return;
        }
        while (!frames.isEmpty() && frames.pop().open != open) {
            // drop brackets left open inside
        }
    }

    private String blockName(int brace) {
        if (brace >= 1) {
            Token before = code.get(brace - 1);
            switch (before.getType()) {
                case NNLexer.KW_LAYERS: return "layers";
                case NNLexer.KW_TRAIN: return "train";
                case NNLexer.KW_DATA: return "data";
                default: break;
            }
        }
        if (brace >= 2 && code.get(brace - 2).getType() == NNLexer.KW_MODEL) {
            return "model";
        }
        return "other";
    }

    private Frame callFrame(Deque<Frame> frames, int paren) {
        Token owner = paren == 0 ? null : code.get(paren - 1);
        if (owner != null && owner.getText().equals(")")) {
            return new Frame('(', null, null, true);
        }
        if (owner == null || !isWord(owner)) {
            return new Frame('(', null, null, false);
        }
        Slot where = classify(frames, paren - 1);
        String word = owner.getText();
        boolean merge = where instanceof Slot.Statement s && s.block().equals("layers")
                && (word.equals("add") || word.equals("concat"));
        return new Frame('(', null, where.signatureOf(word), merge);
    }

    /** What the position after the first {@code end} code tokens expects. */
    private Slot classify(Deque<Frame> frames, int end) {
        Frame top = frames.peek();
        Token prev = end >= 1 ? code.get(end - 1) : null;
        if (top == null) {
            return prev == null ? new Slot.TopLevel() : new Slot.Nothing();
        }
        String p = prev == null ? "" : prev.getText();
        if (top.open == '[') {
            return new Slot.Nothing();
        }
        if (top.open == '(') {
            if (p.equals("(") || p.equals(",")) {
                if (top.references) {
                    return new Slot.Reference();
                }
                if (top.call == null) {
                    return new Slot.Nothing();
                }
                List<Sig.Param> params = top.call.params();
                Sig.Param positional = !top.named && top.args < params.size()
                        ? params.get(top.args) : null;
                return new Slot.Argument(top.call, positional, Set.copyOf(top.keys));
            }
            if (p.equals(":") && top.call != null && end >= 2) {
                Sig.Param param = top.call.param(code.get(end - 2).getText());
                return param == null ? new Slot.Nothing() : Slot.forType(param.type());
            }
            return new Slot.Nothing();
        }
        return inBlock(top.block, prev, end);
    }

    private Slot inBlock(String block, Token prev, int end) {
        String p = prev == null ? "" : prev.getText();
        if (p.equals(":") && end >= 2) {
            return valueOf(block, code.get(end - 2), end >= 3 ? code.get(end - 3) : null);
        }
        if (p.equals(",")) {
            return block.equals("model") ? new Slot.Word(Category.REGULARIZER)
                    : new Slot.Nothing();
        }
        if (p.equals("-") || p.equals("=") && !block.equals("layers")) {
            return new Slot.Nothing();
        }
        if (prev != null) {
            switch (prev.getType()) {
                case NNLexer.KW_MODEL, NNLexer.KW_INPUT, NNLexer.KW_OUTPUT, NNLexer.KW_LAYERS,
                        NNLexer.KW_TRAIN, NNLexer.KW_DATA:
                    if (block.equals("model")) {
                        return new Slot.Nothing();
                    }
                    break;
                default:
                    break;
            }
        }
        return block.equals("other") ? new Slot.Nothing() : new Slot.Statement(block);
    }

    /** The slot after {@code key:} in a block. */
    private static Slot valueOf(String block, Token key, Token beforeKey) {
        String k = key.getText();
        switch (block) {
            case "model":
                if (beforeKey != null && beforeKey.getType() == NNLexer.KW_OUTPUT) {
                    return new Slot.Word(Category.OUTPUT);
                }
                return switch (key.getType()) {
                    case NNLexer.KW_LOSS -> new Slot.Word(Category.LOSS);
                    case NNLexer.KW_OPTIMIZER -> new Slot.Word(Category.OPTIMIZER);
                    case NNLexer.KW_REGULARIZE -> new Slot.Word(Category.REGULARIZER);
                    default -> new Slot.Nothing();
                };
            case "train", "data": {
                Sig setting = new Slot.Statement(block).signatureOf(k);
                return setting == null || setting.params().isEmpty() ? new Slot.Nothing()
                        : Slot.forType(setting.params().get(0).type());
            }
            default:
                return new Slot.Nothing();
        }
    }
}

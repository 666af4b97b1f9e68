package nnc.compiler.format;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Breaks statements wider than {@link #WIDTH} columns: the widest bracket group of the line
 * gets one element per line, one level deeper, and its closing bracket a line of its own;
 * then each resulting line is checked again.
 * <pre>
 * train: idx(
 *     images: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
 *     labels: "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"
 * )
 * </pre>
 * Widths count code points of the code alone (comments do not count), so the decision depends
 * only on the tokens and formatting stays idempotent.
 */
final class LineWrapper {
    /** The longest line the formatter writes when it can avoid it. */
    static final int WIDTH = 100;
    private static final int INDENT = 4;

    private final List<Token> code;
    private final Placement[] at;

    /**
     * @param code the code tokens (no hidden ones, no EOF) in order
     * @param at   placements by token index; wrap points are written into it
     */
    LineWrapper(List<Token> code, Placement[] at) {
        this.code = code;
        this.at = at;
    }

    /** Wraps the line of tokens {@code code[from..to]} that starts at {@code indent}. */
    void wrap(int from, int to, int indent) {
        if (from > to || INDENT * indent + width(from, to) <= WIDTH) {
            return;
        }
        int[] group = widestGroup(from, to);
        if (group == null) {
            return;
        }
        int open = group[0];
        int close = group[1];
        List<int[]> elements = elements(open, close);
        for (int[] e : elements) {
            set(e[0], Placement.wrap(indent + 1));
        }
        set(close, Placement.wrap(indent));
        wrap(from, open, indent);
        for (int[] e : elements) {
            wrap(e[0], e[1], indent + 1);
        }
        wrap(close, to, indent);
    }

    /** Columns the tokens take on one line, from the first token's first character. */
    private int width(int from, int to) {
        int w = 0;
        for (int i = from; i <= to; i++) {
            Token t = code.get(i);
            if (i > from && at[t.getTokenIndex()].sep() == Placement.Sep.SPACE) {
                w++;
            }
            w += t.getText().codePointCount(0, t.getText().length());
        }
        return w;
    }

    /** The outermost non-empty bracket pair of the line with the most inside, or null. */
    private int[] widestGroup(int from, int to) {
        int[] best = null;
        int bestWidth = -1;
        int depth = 0;
        int open = -1;
        for (int i = from; i <= to; i++) {
            String s = code.get(i).getText();
            if (s.equals("(") || s.equals("[")) {
                if (depth++ == 0) {
                    open = i;
                }
            } else if (s.equals(")") || s.equals("]")) {
                if (depth > 0 && --depth == 0 && i > open + 1
                        && width(open + 1, i - 1) > bestWidth) {
                    best = new int[] {open, i};
                    bestWidth = width(open + 1, i - 1);
                }
            }
        }
        return best;
    }

    /** The elements between two brackets, each with its trailing comma. */
    private List<int[]> elements(int open, int close) {
        List<int[]> out = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i < close; i++) {
            String s = code.get(i).getText();
            if (s.equals("(") || s.equals("[")) {
                depth++;
            } else if (s.equals(")") || s.equals("]")) {
                depth--;
            } else if (s.equals(",") && depth == 0) {
                out.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < close) {
            out.add(new int[] {start, close - 1});
        }
        return out;
    }

    private void set(int i, Placement p) {
        at[code.get(i).getTokenIndex()] = p;
    }
}

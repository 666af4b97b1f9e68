package nnc.compiler.format;

/**
 * Where the formatter puts one token relative to the token before it.
 *
 * @param sep    what separates it from the previous token
 * @param indent for tokens that start a line and for closing braces, the
 *               indentation level of the line the token starts; otherwise
 *               {@link #CONTINUATION}: a comment that forces a break puts the token one level
 *               deeper than the line it continues
 */
record Placement(Sep sep, int indent) {

    /** Indentation level meaning "one deeper than the statement this token continues". */
    static final int CONTINUATION = -1;

    /** What goes between a token and the one before it. */
    enum Sep {
        /** Directly attached: {@code dense(}, {@code 4,}. */
        NONE,
        /** One space: {@code activation: relu}. */
        SPACE,
        /** A line break: the next statement of a block. */
        LINE,
        /** A blank line: the next group of members. */
        BLANK,
        /** A line break inside a statement too long for one line: one argument per line. */
        WRAP;

        /** Whether the token starts a line of its own. */
        boolean breaks() {
            return this != NONE && this != SPACE;
        }

        /** Whether the token starts a statement, where the author's blank lines are kept. */
        boolean startsStatement() {
            return this == LINE || this == BLANK;
        }
    }

    static final Placement NONE = new Placement(Sep.NONE, CONTINUATION);
    static final Placement SPACE = new Placement(Sep.SPACE, CONTINUATION);

    static Placement line(int indent) {
        return new Placement(Sep.LINE, indent);
    }

    static Placement blank(int indent) {
        return new Placement(Sep.BLANK, indent);
    }

    static Placement wrap(int indent) {
        return new Placement(Sep.WRAP, indent);
    }
}

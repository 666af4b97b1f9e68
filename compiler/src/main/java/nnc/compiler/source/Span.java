package nnc.compiler.source;

/**
 * A range of source text: 1-based line and column of its first character, and the line and
 * (exclusive) column where it ends. Every syntax-tree node and every diagnostic carries one.
 */
public record Span(int line, int column, int endLine, int endColumn) {

    /** A span for compiler-made things that have no source (defaults). */
    public static final Span NONE = new Span(0, 0, 0, 0);

    /** Whether this span points into the source. */
    public boolean known() {
        return line > 0;
    }

    /** The smallest span covering this one and {@code other}. */
    public Span to(Span other) {
        if (!known()) {
            return other;
        }
        if (!other.known()) {
            return this;
        }
        return new Span(line, column, other.endLine, other.endColumn);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}

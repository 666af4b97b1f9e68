package nnc.compiler.format;

import nnc.compiler.diag.Diagnostics;
import nnc.compiler.syntax.Parser;

/**
 * Rewrites a {@code .nn} file in the canonical style of the examples: four spaces per level,
 * one member or statement per line, a blank line between groups of members, {@code key: value}
 * and {@code dense(256, activation: relu)} spacing, statements wider than 100 columns wrapped
 * one argument per line. Comments stay where they were (on their own line or after code);
 * numbers, strings and names are written exactly as they were.
 *
 * <p>It works from the same parser as the compiler, on the parse tree and the full token
 * stream, so it only changes whitespace: formatting never changes what a file means, and
 * formatting a formatted file changes nothing.
 */
public final class Formatter {
    private Formatter() {
    }

    /**
     * The formatted text of the file behind {@code diag}, or {@code null} when it has syntax
     * errors (they are reported to {@code diag}; the formatter does not guess at broken files).
     */
    public static String format(Diagnostics diag) {
        Parser.Tree tree = Parser.parseTree(diag);
        if (tree == null) {
            return null;
        }
        return Printer.print(tree.tokens(), Placements.of(tree));
    }
}

package nnc.cli.lsp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.source.Span;
import nnc.compiler.syntax.Ast;

/**
 * Where inputs and named layers are defined and used: {@code input x: [4]} and
 * {@code h = dense(8)} define, {@code dense(8)(h)} and {@code add(h, g)} use. Built from the
 * syntax tree, so it is empty while the file has syntax errors.
 */
final class Names {
    /** One occurrence of a name. */
    record Occurrence(String name, Span span, boolean definition) {
    }

    private final List<Occurrence> all = new ArrayList<>();

    Names(Ast.Model ast) {
        if (ast == null) {
            return;
        }
        Set<String> defined = new HashSet<>();
        for (Ast.Member m : ast.members()) {
            if (m instanceof Ast.InputDecl in) {
                all.add(new Occurrence(in.name().text(), in.name().span(), true));
                defined.add(in.name().text());
            } else if (m instanceof Ast.LayersBlock block) {
                for (Ast.LayerStmt stmt : block.layers()) {
                    if (stmt.binding() != null) {
                        all.add(new Occurrence(stmt.binding().text(), stmt.binding().span(),
                                true));
                        defined.add(stmt.binding().text());
                    }
                }
            }
        }
        for (Ast.Member m : ast.members()) {
            if (m instanceof Ast.LayersBlock block) {
                block.layers().forEach(stmt -> uses(stmt, defined));
            }
        }
    }

    /** Names in a layer's trailing {@code (a, b)} and bare names among its call's arguments. */
    private void uses(Ast.LayerStmt stmt, Set<String> defined) {
        if (stmt.explicitInputs()) {
            for (Ast.Name n : stmt.inputs()) {
                all.add(new Occurrence(n.text(), n.span(), false));
            }
        }
        for (Ast.Arg arg : stmt.call().positional()) {
            if (arg.value() instanceof Ast.Call c && !c.parens()
                    && defined.contains(c.name().text())) {
                all.add(new Occurrence(c.name().text(), c.name().span(), false));
            }
        }
    }

    /** The occurrence under the cursor, if it is on a name. */
    Optional<Occurrence> at(LineMap.Cursor cursor) {
        return all.stream().filter(o -> cursor.within(o.span())).findFirst();
    }

    /** Where {@code name} is defined (the first definition when there are several). */
    Optional<Occurrence> definition(String name) {
        return all.stream().filter(o -> o.definition() && o.name().equals(name)).findFirst();
    }

    /** Every occurrence of {@code name}, in source order. */
    List<Occurrence> occurrences(String name, boolean withDefinitions) {
        return all.stream().filter(o -> o.name().equals(name))
                .filter(o -> withDefinitions || !o.definition())
                .sorted((a, b) -> a.span().line() != b.span().line()
                        ? Integer.compare(a.span().line(), b.span().line())
                        : Integer.compare(a.span().column(), b.span().column()))
                .toList();
    }
}

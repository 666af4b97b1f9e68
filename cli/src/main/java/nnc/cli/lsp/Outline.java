package nnc.cli.lsp;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.check.Spec;
import nnc.compiler.source.Span;
import nnc.compiler.syntax.Ast;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/**
 * The document's outline: the model, and under it its inputs, output, layers (each layer by
 * its name, with its output shape when the file checks), loss, optimizer, and the settings of
 * {@code train} and {@code data}. Empty while the file has syntax errors.
 */
final class Outline {
    private final Analysis a;

    Outline(Analysis a) {
        this.a = a;
    }

    List<DocumentSymbol> symbols() {
        Ast.Model ast = a.ast();
        if (ast == null) {
            return List.of();
        }
        List<DocumentSymbol> members = new ArrayList<>();
        for (Ast.Member m : ast.members()) {
            members.add(member(m));
        }
        DocumentSymbol model = symbol(ast.name().text(), SymbolKind.Class, "model", ast.span(),
                ast.name().span());
        model.setChildren(members);
        return List.of(model);
    }

    private DocumentSymbol member(Ast.Member m) {
        if (m instanceof Ast.InputDecl in) {
            return symbol(in.name().text(), SymbolKind.Variable, "input " + text(in.shape()),
                    in.span(), in.name().span());
        }
        if (m instanceof Ast.OutputDecl out) {
            return symbol(out.name().text(), SymbolKind.Field, "output " + text(out.kind()),
                    out.span(), out.name().span());
        }
        if (m instanceof Ast.LayersBlock block) {
            List<DocumentSymbol> layers = new ArrayList<>();
            block.layers().forEach(stmt -> layers.add(layer(stmt)));
            return withChildren(symbol("layers", SymbolKind.Namespace,
                    layers.size() + (layers.size() == 1 ? " layer" : " layers"), block.span(),
                    block.span()), layers);
        }
        if (m instanceof Ast.LossDecl loss) {
            return symbol("loss", SymbolKind.Property, text(loss.loss()), loss.span(),
                    loss.span());
        }
        if (m instanceof Ast.OptimizerDecl opt) {
            return symbol("optimizer", SymbolKind.Property, text(opt.optimizer()), opt.span(),
                    opt.span());
        }
        if (m instanceof Ast.RegularizeDecl reg) {
            return symbol("regularize", SymbolKind.Property, a.lines().slice(reg.span())
                    .replaceFirst("^regularize\\s*:\\s*", ""), reg.span(), reg.span());
        }
        if (m instanceof Ast.TrainBlock train) {
            return settings("train", train.settings(), train.span());
        }
        Ast.DataBlock data = (Ast.DataBlock) m;
        return settings("data", data.settings(), data.span());
    }

    private DocumentSymbol layer(Ast.LayerStmt stmt) {
        Spec.Layer checked = a.model() == null ? null : a.model().layers().stream()
                .filter(l -> l.span().equals(stmt.span())).findFirst().orElse(null);
        String name = stmt.binding() != null ? stmt.binding().text()
                : checked != null ? checked.name() : stmt.call().name().text();
        String detail = text(stmt.call())
                + (checked == null ? "" : " → " + ModelFacts.shape(checked.shape()));
        Span selection = stmt.binding() != null ? stmt.binding().span()
                : stmt.call().name().span();
        return symbol(name, SymbolKind.Function, detail, stmt.span(), selection);
    }

    private DocumentSymbol settings(String word, List<Ast.Setting> settings, Span span) {
        List<DocumentSymbol> children = new ArrayList<>();
        for (Ast.Setting s : settings) {
            children.add(symbol(s.key().text(), SymbolKind.Property, text(s.value()),
                    s.span(), s.key().span()));
        }
        return withChildren(symbol(word, SymbolKind.Struct, "", span, span), children);
    }

    private String text(Ast.Value v) {
        return a.lines().slice(v.span());
    }

    private DocumentSymbol symbol(String name, SymbolKind kind, String detail, Span range,
                                  Span selection) {
        return new DocumentSymbol(name.isEmpty() ? "?" : name, kind, a.lines().toLsp(range),
                a.lines().toLsp(selection), detail);
    }

    private static DocumentSymbol withChildren(DocumentSymbol s, List<DocumentSymbol> children) {
        s.setChildren(children);
        return s;
    }
}

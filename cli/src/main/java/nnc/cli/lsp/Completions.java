package nnc.cli.lsp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nnc.compiler.check.Builtins;
import nnc.compiler.check.Builtins.Category;
import nnc.compiler.check.Sig;
import nnc.grammar.NNLexer;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * Completion from the token context: layer kinds at the start of a line in {@code layers},
 * the words of the right category after {@code activation:}, {@code loss:} or
 * {@code optimizer:}, a call's option names inside its parentheses, setting names in
 * {@code train} and {@code data}, and defined names where a layer's inputs go.
 */
final class Completions {
    private final boolean snippets;
    /** Keeps the editor's list in our order: the table's order, most common words first. */
    private int sortOrder;

    /** @param snippets whether the editor accepts snippets with placeholders */
    Completions(boolean snippets) {
        this.snippets = snippets;
    }

    List<CompletionItem> at(Analysis a, Position p) {
        LineMap.Cursor cursor = a.lines().fromLsp(p);
        TokenContext ctx = a.context();
        if (ctx.inCommentOrString(cursor)) {
            return List.of();
        }
        int typing = ctx.wordBefore(cursor);
        Slot slot = ctx.slotAt(typing >= 0 ? typing : ctx.countBefore(cursor));
        return items(slot, ctx);
    }

    private List<CompletionItem> items(Slot slot, TokenContext ctx) {
        List<CompletionItem> out = new ArrayList<>();
        if (slot instanceof Slot.Word w) {
            words(out, w.category(), w.category().noun());
        } else if (slot instanceof Slot.Value v) {
            for (String word : v.words()) {
                out.add(item(word, CompletionItemKind.Value, v.type().description(), null, null));
            }
        } else if (slot instanceof Slot.Statement s) {
            statements(out, s.block());
        } else if (slot instanceof Slot.Argument arg) {
            options(out, arg);
        } else if (slot instanceof Slot.Reference) {
            for (String name : definedNames(ctx)) {
                out.add(item(name, CompletionItemKind.Variable, "input or layer", null, null));
            }
        } else if (slot instanceof Slot.TopLevel) {
            out.add(item("model", CompletionItemKind.Keyword, "keyword", Keywords.MODEL.doc(),
                    Keywords.MODEL.snippet()));
        }
        return out;
    }

    private void statements(List<CompletionItem> out, String block) {
        switch (block) {
            case "layers" -> {
                for (Sig sig : Builtins.of(Category.LAYER).values()) {
                    out.add(item(sig.name(), CompletionItemKind.Function, "layer",
                            doc(sig), callSnippet(sig)));
                }
                words(out, Category.ACTIVATION, "activation layer");
            }
            case "train" -> settings(out, Category.TRAIN);
            case "data" -> settings(out, Category.DATA);
            case "model" -> {
                for (Map.Entry<String, Keywords.Keyword> k : Keywords.MEMBERS.entrySet()) {
                    out.add(item(k.getKey(), CompletionItemKind.Keyword, "member",
                            k.getValue().doc(), k.getValue().snippet()));
                }
            }
            default -> { }
        }
    }

    /** Settings written {@code key: value}, or as a call when they take options. */
    private void settings(List<CompletionItem> out, Category category) {
        for (Sig sig : Builtins.of(category).values()) {
            boolean keyValue = sig.params().size() == 1
                    && sig.params().get(0).name().equals("value");
            String snippet = keyValue ? sig.name() + ": $0" : sig.name() + "($0)";
            out.add(item(sig.name(), CompletionItemKind.Property, category.noun(), sig.doc(),
                    snippet));
        }
    }

    private void options(List<CompletionItem> out, Slot.Argument arg) {
        for (Sig.Param p : arg.call().params()) {
            if (arg.given().contains(p.name())) {
                continue;
            }
            String doc = p.doc() + (p.required() ? " (required)" : " (default "
                    + p.fallback() + ")");
            out.add(item(p.name(), CompletionItemKind.Property, p.type().description(), doc,
                    p.name() + ": $0"));
        }
        if (arg.positional() != null) {
            Slot value = Slot.forType(arg.positional().type());
            if (value instanceof Slot.Word || value instanceof Slot.Value) {
                out.addAll(items(value, null));
            }
        }
    }

    private void words(List<CompletionItem> out, Category category, String detail) {
        CompletionItemKind kind = switch (category) {
            case LAYER -> CompletionItemKind.Function;
            case OPTIMIZER, LOSS, SOURCE, SCHEDULE -> CompletionItemKind.Class;
            default -> CompletionItemKind.EnumMember;
        };
        for (Sig sig : Builtins.of(category).values()) {
            out.add(item(sig.name(), kind, detail, doc(sig), callSnippet(sig)));
        }
    }

    /** {@code dense(${1:units})}: parentheses with the required parameters to fill in. */
    private static String callSnippet(Sig sig) {
        List<Sig.Param> required = sig.params().stream().filter(Sig.Param::required).toList();
        boolean merge = sig.name().equals("add") || sig.name().equals("concat");
        if (merge) {
            return sig.name() + "(${1:a}, ${2:b})";
        }
        if (required.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(sig.name()).append('(');
        for (int i = 0; i < required.size(); i++) {
            b.append(i == 0 ? "" : ", ").append("${").append(i + 1).append(':')
                    .append(required.get(i).name()).append('}');
        }
        return b.append(")").toString();
    }

    private static String doc(Sig sig) {
        return sig.doc() + (sig.params().isEmpty() ? "" : "\n\n`" + sig.usage() + "`");
    }

    private CompletionItem item(String label, CompletionItemKind kind, String detail, String doc,
                                String snippet) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setDetail(detail);
        if (doc != null) {
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, doc));
        }
        if (snippet != null && snippets) {
            item.setInsertText(snippet);
            item.setInsertTextFormat(InsertTextFormat.Snippet);
        } else if (snippet != null) {
            item.setInsertText(plain(snippet));
            item.setInsertTextFormat(InsertTextFormat.PlainText);
        }
        item.setSortText(String.format(Locale.ROOT, "%04d", sortOrder++));
        return item;
    }

    /** A snippet with its placeholders replaced by their default text. */
    static String plain(String snippet) {
        return snippet.replaceAll("\\$\\{\\d+:([^}]*)}", "$1").replaceAll("\\$\\d+", "");
    }

    /** Inputs and named layers, from the tokens so that broken files still have them. */
    static Set<String> definedNames(TokenContext ctx) {
        Set<String> names = new LinkedHashSet<>();
        List<Token> code = ctx.code();
        for (int i = 0; i + 1 < code.size(); i++) {
            Token t = code.get(i);
            Token next = code.get(i + 1);
            boolean input = t.getType() == NNLexer.KW_INPUT && TokenContext.isWord(next);
            if (input) {
                names.add(next.getText());
            } else if (next.getText().equals("=") && TokenContext.isWord(t)) {
                names.add(t.getText());
            }
        }
        return names;
    }
}

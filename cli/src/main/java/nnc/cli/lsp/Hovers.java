package nnc.cli.lsp;

import nnc.compiler.check.Sig;
import nnc.grammar.NNLexer;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Hover: on a layer statement its name, kind, output shape, parameters and FLOPs per sample
 * (from the checked model); on a built-in word its one-line doc from the table of built-ins;
 * on an input or a named layer what it is. While the file has errors the model is unknown,
 * and hover still answers what the tokens tell: the docs of the words.
 */
final class Hovers {
    private static final String UNCHECKED = "_shape, parameters and FLOPs show once the file "
            + "checks without errors_";

    Hover at(Analysis a, Position p) {
        LineMap.Cursor cursor = a.lines().fromLsp(p);
        TokenContext ctx = a.context();
        int i = ctx.tokenAt(cursor);
        if (i < 0) {
            return null;
        }
        Token t = ctx.code().get(i);
        String text = TokenContext.isWord(t) ? word(a, ctx, i, cursor)
                : a.model() == null ? null : new ModelFacts(a.model()).layerAt(cursor);
        if (text == null) {
            return null;
        }
        Range range = new Range(a.lines().toLsp(t.getLine(), t.getCharPositionInLine()),
                a.lines().toLsp(TokenContext.end(t).line(), TokenContext.end(t).column()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }

    private static String word(Analysis a, TokenContext ctx, int i, LineMap.Cursor cursor) {
        Token t = ctx.code().get(i);
        String w = t.getText();
        Token prev = i > 0 ? ctx.code().get(i - 1) : null;
        String next = i + 1 < ctx.code().size() ? ctx.code().get(i + 1).getText() : "";
        ModelFacts facts = a.model() == null ? null : new ModelFacts(a.model());
        if (prev != null && (prev.getType() == NNLexer.KW_INPUT
                || prev.getType() == NNLexer.KW_OUTPUT)) {
            return facts == null ? null : facts.named(w);
        }
        if (prev != null && prev.getType() == NNLexer.KW_MODEL) {
            return facts == null ? null : facts.summary();
        }
        Slot slot = ctx.slotAt(i);
        if (slot instanceof Slot.Statement s && s.block().equals("layers")) {
            String layer = facts == null ? UNCHECKED : facts.layerAt(cursor);
            Sig sig = next.equals("=") ? null : slot.signatureOf(w);
            return join(layer, sig == null ? null : doc(sig, "layer"));
        }
        if (slot instanceof Slot.Statement s && s.block().equals("model")) {
            Keywords.Keyword k = Keywords.MEMBERS.get(w);
            return k == null ? null : "**" + w + "** · " + k.doc();
        }
        if (slot instanceof Slot.TopLevel && t.getType() == NNLexer.KW_MODEL) {
            return "**model** · " + Keywords.MODEL.doc();
        }
        if (slot instanceof Slot.Reference) {
            return facts == null ? null : facts.named(w);
        }
        if (slot instanceof Slot.Argument arg && next.equals(":")) {
            Sig.Param param = arg.call().param(w);
            return param == null ? null : option(arg.call(), param);
        }
        Sig sig = slot.signatureOf(w);
        if (sig != null) {
            return doc(sig, noun(slot));
        }
        return slot instanceof Slot.Argument && facts != null ? facts.named(w) : null;
    }

    private static String noun(Slot slot) {
        if (slot instanceof Slot.Word w) {
            return w.category().noun();
        }
        if (slot instanceof Slot.Statement s) {
            return s.block().equals("train") ? "training setting" : "data setting";
        }
        return "value";
    }

    static String doc(Sig sig, String noun) {
        return "**" + sig.name() + "** · " + noun + ": " + sig.doc()
                + (sig.params().isEmpty() || sig.params().get(0).name().equals("value")
                ? "" : "\n\n`" + sig.usage() + "`");
    }

    private static String option(Sig call, Sig.Param p) {
        return "**" + p.name() + "** · option of `" + call.name() + "`: " + p.doc() + "\n\n"
                + p.type().description() + (p.required() ? ", required"
                : " · default `" + p.fallback() + "`");
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "\n\n---\n\n" + b;
    }
}

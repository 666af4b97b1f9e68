package nnc.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.source.Span;
import nnc.grammar.NNBaseVisitor;
import nnc.grammar.NNParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Turns ANTLR's parse tree into the immutable {@link Ast}; one method per labelled rule. */
final class AstBuilder extends NNBaseVisitor<Object> {

    static Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        if (stop.getTokenIndex() < start.getTokenIndex()) {
            stop = start;
        }
        return new Span(start.getLine(), start.getCharPositionInLine() + 1, stop.getLine(),
                stop.getCharPositionInLine() + 1 + tokenLength(stop));
    }

    static Span span(Token t) {
        return new Span(t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                t.getCharPositionInLine() + 1 + tokenLength(t));
    }

    private static int tokenLength(Token t) {
        String text = t.getText();
        if (t.getType() == Token.EOF || text == null) {
            return 1;
        }
        int nl = text.indexOf('\n');
        return Math.max(1, nl < 0 ? text.length() : nl);
    }

    @Override
    public Ast.Model visitProgram(NNParser.ProgramContext ctx) {
        return visitModelDecl(ctx.modelDecl());
    }

    @Override
    public Ast.Model visitModelDecl(NNParser.ModelDeclContext ctx) {
        List<Ast.Member> members = new ArrayList<>();
        for (NNParser.MemberContext m : ctx.member()) {
            Object built = visit(m);
            if (built instanceof Ast.Member member) {
                members.add(member);
            }
        }
        return new Ast.Model(name(ctx.word()), List.copyOf(members), span(ctx));
    }

    @Override
    public Ast.Member visitInputMember(NNParser.InputMemberContext ctx) {
        return new Ast.InputDecl(name(ctx.word()), value(ctx.value()), span(ctx));
    }

    @Override
    public Ast.Member visitOutputMember(NNParser.OutputMemberContext ctx) {
        return new Ast.OutputDecl(name(ctx.word()), value(ctx.value()), span(ctx));
    }

    @Override
    public Ast.Member visitLayersMember(NNParser.LayersMemberContext ctx) {
        List<Ast.LayerStmt> layers = new ArrayList<>();
        for (NNParser.LayerStmtContext l : ctx.layerStmt()) {
            layers.add(layer(l));
        }
        return new Ast.LayersBlock(List.copyOf(layers), span(ctx));
    }

    private Ast.LayerStmt layer(NNParser.LayerStmtContext ctx) {
        List<NNParser.WordContext> words = ctx.word();
        Ast.Name binding = null;
        int first = 0;
        if (ctx.getChildCount() > 1 && "=".equals(ctx.getChild(1).getText())) {
            binding = name(words.get(0));
            first = 1;
        }
        List<Ast.Name> inputs = null;
        if (words.size() > first) {
            inputs = new ArrayList<>();
            for (int i = first; i < words.size(); i++) {
                inputs.add(name(words.get(i)));
            }
            inputs = List.copyOf(inputs);
        }
        return new Ast.LayerStmt(binding, call(ctx.call()), inputs, span(ctx));
    }

    @Override
    public Ast.Member visitLossMember(NNParser.LossMemberContext ctx) {
        return new Ast.LossDecl(value(ctx.value()), span(ctx));
    }

    @Override
    public Ast.Member visitOptimizerMember(NNParser.OptimizerMemberContext ctx) {
        return new Ast.OptimizerDecl(value(ctx.value()), span(ctx));
    }

    @Override
    public Ast.Member visitRegularizeMember(NNParser.RegularizeMemberContext ctx) {
        return new Ast.RegularizeDecl(ctx.value().stream().map(this::value).toList(), span(ctx));
    }

    @Override
    public Ast.Member visitTrainMember(NNParser.TrainMemberContext ctx) {
        return new Ast.TrainBlock(ctx.setting().stream().map(this::setting).toList(), span(ctx));
    }

    @Override
    public Ast.Member visitDataMember(NNParser.DataMemberContext ctx) {
        return new Ast.DataBlock(ctx.setting().stream().map(this::setting).toList(), span(ctx));
    }

    private Ast.Setting setting(NNParser.SettingContext ctx) {
        if (ctx instanceof NNParser.KeyValueSettingContext kv) {
            return new Ast.Setting(name(kv.word()), value(kv.value()), span(ctx));
        }
        Ast.Call c = call(((NNParser.CallSettingContext) ctx).call());
        return new Ast.Setting(c.name(), c, span(ctx));
    }

    Ast.Call call(NNParser.CallContext ctx) {
        List<Ast.Arg> args = new ArrayList<>();
        for (NNParser.ArgumentContext a : ctx.argument()) {
            Ast.Name key = a.word() == null ? null : name(a.word());
            args.add(new Ast.Arg(key, value(a.value()), span(a)));
        }
        boolean parens = ctx.getChildCount() > 1;
        return new Ast.Call(name(ctx.word()), List.copyOf(args), parens, span(ctx));
    }

    Ast.Value value(NNParser.ValueContext ctx) {
        if (ctx instanceof NNParser.NumberValueContext n) {
            String text = n.number().getText();
            String digits = text.replace("_", "");
            boolean integral = n.number().INT() != null;
            return new Ast.Num(Double.parseDouble(digits), integral, text, span(ctx));
        }
        if (ctx instanceof NNParser.StringValueContext s) {
            return new Ast.Str(unescape(s.STRING().getText()), span(ctx));
        }
        if (ctx instanceof NNParser.BoolValueContext b) {
            return new Ast.Bool(b.KW_TRUE() != null, span(ctx));
        }
        if (ctx instanceof NNParser.ListValueContext l) {
            return new Ast.ListOf(l.value().stream().map(this::value).toList(), span(ctx));
        }
        return call(((NNParser.CallValueContext) ctx).call());
    }

    private static String unescape(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Ast.Name name(NNParser.WordContext ctx) {
        return new Ast.Name(ctx.getText(), span(ctx));
    }
}

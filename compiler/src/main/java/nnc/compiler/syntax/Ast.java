package nnc.compiler.syntax;

import java.util.List;
import java.util.Optional;
import nnc.compiler.source.Span;

/** The immutable syntax tree of a {@code .nn} file; every node knows its source span. */
public final class Ast {
    private Ast() {
    }

    /** A name as written, with where it was written. */
    public record Name(String text, Span span) {
    }

    /** A value: number, string, boolean, list or call (a bare name is a call without parens). */
    public sealed interface Value permits Num, Str, Bool, ListOf, Call {
        /** Where it was written. */
        Span span();
    }

    /** A number; {@code integral} when written without a point or exponent. */
    public record Num(double value, boolean integral, String text, Span span) implements Value {
    }

    /** A string literal, unescaped. */
    public record Str(String value, Span span) implements Value {
    }

    /** {@code true} or {@code false}. */
    public record Bool(boolean value, Span span) implements Value {
    }

    /** {@code [a, b, ...]}. */
    public record ListOf(List<Value> items, Span span) implements Value {
    }

    /** {@code name}, {@code name()} or {@code name(arg, key: arg)}. */
    public record Call(Name name, List<Arg> args, boolean parens, Span span) implements Value {
        /** The value of the first argument named {@code key}. */
        public Optional<Arg> named(String key) {
            return args.stream().filter(a -> a.key() != null && a.key().text().equals(key))
                    .findFirst();
        }

        /** Positional arguments, in order. */
        public List<Arg> positional() {
            return args.stream().filter(a -> a.key() == null).toList();
        }
    }

    /** One argument of a call; {@code key} is null for a positional one. */
    public record Arg(Name key, Value value, Span span) {
    }

    /** A statement of the {@code layers} block. */
    public record LayerStmt(Name binding, Call call, List<Name> inputs, Span span) {
        /** Whether its inputs were written as a trailing {@code (a, b)}. */
        public boolean explicitInputs() {
            return inputs != null;
        }
    }

    /** A setting in {@code train} or {@code data}: {@code key: value}, or a bare call. */
    public record Setting(Name key, Value value, Span span) {
    }

    /** A member of the model body. */
    public sealed interface Member permits InputDecl, OutputDecl, LayersBlock, LossDecl,
            OptimizerDecl, RegularizeDecl, TrainBlock, DataBlock {
        /** Where it was written. */
        Span span();
    }

    /** {@code input name: [shape]}. */
    public record InputDecl(Name name, Value shape, Span span) implements Member {
    }

    /** {@code output name: classes(10)}. */
    public record OutputDecl(Name name, Value kind, Span span) implements Member {
    }

    /** {@code layers { ... }}. */
    public record LayersBlock(List<LayerStmt> layers, Span span) implements Member {
    }

    /** {@code loss: value}. */
    public record LossDecl(Value loss, Span span) implements Member {
    }

    /** {@code optimizer: value}. */
    public record OptimizerDecl(Value optimizer, Span span) implements Member {
    }

    /** {@code regularize: l2(1e-4), l1(1e-5)}. */
    public record RegularizeDecl(List<Value> terms, Span span) implements Member {
    }

    /** {@code train { ... }}. */
    public record TrainBlock(List<Setting> settings, Span span) implements Member {
    }

    /** {@code data { ... }}. */
    public record DataBlock(List<Setting> settings, Span span) implements Member {
    }

    /** The whole file. */
    public record Model(Name name, List<Member> members, Span span) {
    }
}

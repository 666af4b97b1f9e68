package nnc.compiler.check;

import java.util.List;

/**
 * The signature of a built-in: its parameters in positional order, each with a type and a
 * default. The checker binds a call's arguments against it, so every option of every layer,
 * loss and optimizer is checked by one piece of code driven by the table in {@link Builtins}.
 *
 * @param name   the built-in's word
 * @param doc    one line of documentation (hover text in the editor)
 * @param params parameters in positional order
 */
public record Sig(String name, String doc, List<Param> params) {

    /** Value types an argument can have. */
    public enum Type {
        POS_INT("a positive whole number"),
        NON_NEG_INT("a whole number, 0 or more"),
        NUM("a number"),
        POS_NUM("a positive number"),
        NON_NEG_NUM("a number, 0 or more"),
        FRACTION("a number from 0 up to (not including) 1"),
        BOOL("`true` or `false`"),
        STRING("a string in double quotes"),
        STRING_OR_INT("a column name in double quotes or a column number"),
        ACTIVATION("an activation such as `relu`"),
        INIT("an initializer such as `he_normal`"),
        REG("a regularizer such as `l2(1e-4)`"),
        SCHEDULE("a schedule such as `cosine()`"),
        SOURCE("a data source such as `idx(...)` or `csv(...)`"),
        NORMALIZE("`none`, `minmax` or `standard`"),
        MONITOR("`val_loss`, `val_accuracy`, `val_mae`, `loss`, `accuracy` or `mae`"),
        BATCH("a positive whole number or `full`");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        /** How messages name this type. */
        public String description() {
            return description;
        }
    }

    /**
     * One parameter.
     *
     * @param name     its key
     * @param type     what it accepts
     * @param fallback default value (Double, Integer, Boolean, String), or null when required
     * @param doc      one line for hover and help
     */
    public record Param(String name, Type type, Object fallback, String doc) {
        /** Whether a call must give it. */
        public boolean required() {
            return fallback == null;
        }
    }

    /** A parameter with a default. */
    public static Param opt(String name, Type type, Object fallback, String doc) {
        return new Param(name, type, fallback, doc);
    }

    /** A required parameter. */
    public static Param req(String name, Type type, String doc) {
        return new Param(name, type, null, doc);
    }

    /** A signature. */
    public static Sig of(String name, String doc, Param... params) {
        return new Sig(name, doc, List.of(params));
    }

    /** The parameter called {@code key}, or null. */
    public Param param(String key) {
        for (Param p : params) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** How the call is written with every parameter, for help lines: {@code dense(units, ...)}. */
    public String usage() {
        StringBuilder b = new StringBuilder(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (i > 0) {
                b.append(", ");
            }
            b.append(p.name());
            if (!p.required()) {
                b.append(": ").append(p.fallback() instanceof String s && p.type() != Type.STRING
                        ? s : String.valueOf(p.fallback()));
            }
        }
        return b.append(')').toString();
    }
}

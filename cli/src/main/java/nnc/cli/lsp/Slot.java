package nnc.cli.lsp;

import java.util.List;
import java.util.Set;
import nnc.compiler.check.Builtins;
import nnc.compiler.check.Builtins.Category;
import nnc.compiler.check.Sig;

/** What the code expects at a position: the answer completion and hover are built from. */
sealed interface Slot {

    /** A built-in word of one category: after {@code activation:}, {@code loss:}, ... */
    record Word(Category category) implements Slot {
    }

    /** A value of a type whose words are fixed: {@code true}, {@code full}, {@code minmax}. */
    record Value(Sig.Type type) implements Slot {
        /** The words this type accepts. */
        List<String> words() {
            return switch (type) {
                case BOOL -> List.of("true", "false");
                case BATCH -> List.of("full");
                case NORMALIZE -> List.of("none", "minmax", "standard");
                case MONITOR -> List.of("val_loss", "val_accuracy", "loss", "accuracy");
                default -> List.of();
            };
        }
    }

    /** The start of a statement in a block: {@code "model"}, {@code "layers"}, ... */
    record Statement(String block) implements Slot {
    }

    /**
     * The start of an argument of a call whose signature is known.
     *
     * @param call       the signature of the call
     * @param positional the parameter a positional argument here would bind, or null
     * @param given      option names already written in this call
     */
    record Argument(Sig call, Sig.Param positional, Set<String> given) implements Slot {
    }

    /** The name of an input or named layer: {@code add(h, g)}, {@code dense(4)(h)}. */
    record Reference() implements Slot {
    }

    /** Outside the model: where {@code model Name { }} goes. */
    record TopLevel() implements Slot {
    }

    /** Nothing we can help with: a name being declared, a number, a shape. */
    record Nothing() implements Slot {
    }

    /** The slot for a value of a parameter's type. */
    static Slot forType(Sig.Type type) {
        return switch (type) {
            case ACTIVATION -> new Word(Category.ACTIVATION);
            case INIT -> new Word(Category.INIT);
            case REG -> new Word(Category.REGULARIZER);
            case SCHEDULE -> new Word(Category.SCHEDULE);
            case SOURCE -> new Word(Category.SOURCE);
            default -> new Value(type);
        };
    }

    /** The signature of {@code word} written in this slot, or null. */
    default Sig signatureOf(String word) {
        if (this instanceof Word w) {
            return Builtins.lookup(w.category(), word);
        }
        if (this instanceof Statement s) {
            return switch (s.block()) {
                case "layers" -> {
                    Sig layer = Builtins.lookup(Category.LAYER, word);
                    yield layer != null ? layer : Builtins.lookup(Category.ACTIVATION, word);
                }
                case "train" -> Builtins.lookup(Category.TRAIN, word);
                case "data" -> Builtins.lookup(Category.DATA, word);
                default -> null;
            };
        }
        if (this instanceof Argument a && a.positional() != null) {
            return forType(a.positional().type()).signatureOf(word);
        }
        return null;
    }
}

package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import nnc.compiler.check.Builtins;
import nnc.compiler.check.Sig;
import nnc.grammar.NNLexer;
import org.junit.jupiter.api.Test;

/**
 * The grammar lists the language's words as lexer tokens (the editor highlights from them);
 * the checker knows them from {@link Builtins}. Neither may know a word the other lacks.
 */
class VocabularyTest {
    /** Values the checker accepts by name that are not entries of a Builtins category. */
    private static final Set<String> VALUES = Set.of("full", "none", "minmax", "standard",
            "val_loss", "val_accuracy", "val_mae", "accuracy", "loss");

    @Test
    void grammarWordsAndCheckerWordsAreTheSame() {
        Set<String> grammar = new TreeSet<>();
        for (int t = 1; t <= NNLexer.VOCABULARY.getMaxTokenType(); t++) {
            String symbol = NNLexer.VOCABULARY.getSymbolicName(t);
            String literal = NNLexer.VOCABULARY.getLiteralName(t);
            if (symbol != null && literal != null && !symbol.startsWith("KW_")) {
                grammar.add(literal.substring(1, literal.length() - 1));
            }
        }
        Set<String> checker = new TreeSet<>(VALUES);
        for (var category : Builtins.all().entrySet()) {
            for (Sig sig : category.getValue().values()) {
                boolean setting = category.getKey() == Builtins.Category.TRAIN
                        || category.getKey() == Builtins.Category.DATA;
                checker.add(sig.name());
                if (!setting || sig.name().equals("early_stopping")) {
                    for (Sig.Param p : sig.params()) {
                        if (!Set.of("units", "rate", "function", "n", "lambda", "value", "low",
                                "high", "std", "mean", "file").contains(p.name())) {
                            checker.add(p.name());
                        }
                    }
                }
            }
        }
        // Structural keywords double as names (`train:` in a data block, `regularize:` option).
        checker.removeAll(Set.of("train", "data", "regularize", "loss", "input", "output"));
        Set<String> onlyGrammar = new TreeSet<>(grammar);
        onlyGrammar.removeAll(checker);
        Set<String> onlyChecker = new TreeSet<>(checker);
        onlyChecker.removeAll(grammar);
        assertEquals(Set.of(), onlyGrammar, "words of NN.g4 the checker does not know");
        assertEquals(Set.of(), onlyChecker, "words of the checker missing from NN.g4");
    }
}

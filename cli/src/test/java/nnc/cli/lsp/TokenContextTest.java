package nnc.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import nnc.compiler.syntax.Parser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the token context reads at the cursor {@code |}, in complete and half-typed files. */
class TokenContextTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("|", "TopLevel"),
                Arguments.of("model M { | }", "Statement(model)"),
                Arguments.of("model M { input | }", "Nothing"),
                Arguments.of("model M { input x: [|] }", "Nothing"),
                Arguments.of("model M { output y: | }", "Word(output kind)"),
                Arguments.of("model M { layers { | } }", "Statement(layers)"),
                Arguments.of("model M { layers { dense(4) | } }", "Statement(layers)"),
                Arguments.of("model M { layers { h = | } }", "Statement(layers)"),
                Arguments.of("model M { layers { dense(4, activation: |", "Word(activation)"),
                Arguments.of("model M { layers { dense(4, activation: re|) } }",
                        "Word(activation)"),
                Arguments.of("model M { layers { dense(4, init: |", "Word(initializer)"),
                Arguments.of("model M { layers { dense(|", "Argument(dense, units)"),
                Arguments.of("model M { layers { dense(4, |", "Argument(dense, activation)"),
                Arguments.of("model M { layers { dense(4, init: zeros, |",
                        "Argument(dense, -)"),
                Arguments.of("model M { layers { activation(|", "Argument(activation, function)"),
                Arguments.of("model M { layers { dense(4)(| } }", "Reference"),
                Arguments.of("model M { layers { add(h, | } }", "Reference"),
                Arguments.of("model M { layers { dense(4, init: uniform(|",
                        "Argument(uniform, low)"),
                Arguments.of("model M { loss: | }", "Word(loss)"),
                Arguments.of("model M { loss: categorical_cross_entropy(|",
                        "Argument(categorical_cross_entropy, sparse)"),
                Arguments.of("model M { optimizer: | }", "Word(optimizer)"),
                Arguments.of("model M { optimizer: sgd(nesterov: |", "Value(BOOL)"),
                Arguments.of("model M { regularize: l2(1e-4), | }", "Word(regularizer)"),
                Arguments.of("model M { train { | } }", "Statement(train)"),
                Arguments.of("model M { train { batch: | } }", "Value(BATCH)"),
                Arguments.of("model M { train { schedule: | } }", "Word(schedule)"),
                Arguments.of("model M { train { early_stopping(monitor: |", "Value(MONITOR)"),
                Arguments.of("model M { data { train: | } }", "Word(data source)"),
                Arguments.of("model M { data { train: csv(\"a\", fallback: |",
                        "Word(data source)"),
                Arguments.of("model M { data { normalize: | } }", "Value(NORMALIZE)"),
                Arguments.of("model M { data { train: csv(\"a\", |", "Argument(csv, label)"),
                Arguments.of("model M { layers { dense(4) ) ] } | }", "Statement(model)"),
                Arguments.of("} } ) model M { layers { | } }", "Statement(layers)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheSlotAtTheCursor(String marked, String expected) {
        int bar = marked.indexOf('|');
        String text = marked.substring(0, bar) + marked.substring(bar + 1);
        TokenContext ctx = new TokenContext(Parser.tokens(text));
        LineMap.Cursor cursor = new LineMap.Cursor(1, bar);
        int typing = ctx.wordBefore(cursor);
        int end = typing >= 0 ? typing : ctx.countBefore(cursor);
        assertEquals(expected, describe(ctx.slotAt(end)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("insideCases")
    void knowsWhenTheCursorIsInsideACommentOrString(String marked, boolean inside) {
        int bar = marked.indexOf('|');
        String text = marked.substring(0, bar) + marked.substring(bar + 1);
        TokenContext ctx = new TokenContext(Parser.tokens(text));
        assertEquals(inside, ctx.inCommentOrString(new LineMap.Cursor(1, bar)));
    }

    static Stream<Arguments> insideCases() {
        return Stream.of(
                Arguments.of("model M { data { train: csv(\"da|", true),
                Arguments.of("model M { data { train: csv(\"da|ta.csv\"", true),
                Arguments.of("model M { data { train: csv(\"d\\q|", true),
                Arguments.of("model M { data { train: csv(\"a\", |", false),
                Arguments.of("model M { /* lay|", true),
                Arguments.of("model M { /* layers */ |", false),
                Arguments.of("model M { // lay|", true));
    }

    private static String describe(Slot slot) {
        if (slot instanceof Slot.Word w) {
            return "Word(" + w.category().noun() + ")";
        }
        if (slot instanceof Slot.Value v) {
            return "Value(" + v.type() + ")";
        }
        if (slot instanceof Slot.Statement s) {
            return "Statement(" + s.block() + ")";
        }
        if (slot instanceof Slot.Argument a) {
            return "Argument(" + a.call().name() + ", "
                    + (a.positional() == null ? "-" : a.positional().name()) + ")";
        }
        return slot.getClass().getSimpleName();
    }
}

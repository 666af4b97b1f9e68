package nnc.cli.lsp;

import java.util.LinkedHashMap;
import java.util.Map;

/** The structural words of the language: what each means and how a new one is written. */
final class Keywords {
    private Keywords() {
    }

    /**
     * One member keyword.
     *
     * @param doc     one line of documentation
     * @param snippet how completion writes it, in LSP snippet syntax
     */
    record Keyword(String doc, String snippet) {
    }

    static final Map<String, Keyword> MEMBERS = new LinkedHashMap<>();

    /** The word that starts a file. */
    static final Keyword MODEL = new Keyword(
            "a model: its inputs, output, layers, loss, optimizer, training and data",
            "model ${1:Name} {\n    $0\n}");

    static {
        MEMBERS.put("input", new Keyword(
                "a named input and the shape of one sample: `input image: [28, 28]`",
                "input ${1:x}: [${2:4}]"));
        MEMBERS.put("output", new Keyword(
                "what a target looks like: `classes(n)`, `binary(n)` or a shape `[n]`",
                "output ${1:y}: ${2:classes(10)}"));
        MEMBERS.put("layers", new Keyword(
                "the network, one layer per line; each takes the one before it unless "
                        + "`(names)` follow the call", "layers {\n    $0\n}"));
        MEMBERS.put("loss", new Keyword("the loss minimized in training",
                "loss: ${1:categorical_cross_entropy}"));
        MEMBERS.put("optimizer", new Keyword("how the weights are updated",
                "optimizer: ${1:adam}(lr: ${2:1e-3})"));
        MEMBERS.put("regularize", new Keyword(
                "penalties on every layer's weights: `regularize: l2(1e-4)`",
                "regularize: ${1:l2}(${2:1e-4})"));
        MEMBERS.put("train", new Keyword("epochs, batch size, seed, schedule, early stopping",
                "train {\n    epochs: ${1:10}\n    batch: ${2:32}\n}"));
        MEMBERS.put("data", new Keyword("the training and test data and their normalization",
                "data {\n    train: ${1:csv(\"${2:train.csv}\", label: \"${3:y}\")}\n}"));
    }
}

package nnc.cli;

import java.io.PrintStream;
import java.util.Locale;
import nnc.runtime.Model;
import nnc.runtime.TargetKind;
import nnc.runtime.data.DataException;
import nnc.runtime.data.DataLoader;
import nnc.runtime.data.Dataset;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.train.Evaluator;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc eval FILE --weights W}: loss, accuracy and confusion matrix on test data. */
final class EvalCommand extends Command {
    @Override
    String name() {
        return "eval";
    }

    @Override
    String summary() {
        return "evaluate trained weights: loss, accuracy and a confusion matrix";
    }

    @Override
    String usage() {
        return "FILE.nn [--weights W] [--data FILES] [--threads N]";
    }

    @Override
    Options options() {
        Options o = new Options()
                .addOption(Option.builder("w").longOpt("weights").hasArg().argName("W")
                        .desc("weights file (default: FILE with extension .nnw)").get())
                .addOption(Option.builder().longOpt("data").hasArg().argName("FILES")
                        .desc("data to evaluate: a CSV file, or IDX images,labels (default: "
                                + "the file's test data)").get())
                .addOption(Option.builder().longOpt("label").hasArg().argName("COLUMN")
                        .desc("label column of a CSV file given by --data (default: last)")
                        .get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                        .desc("kernel threads").get());
        return o;
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) {
        // Usage mistakes first: they need no file to be found.
        if (cl.hasOption("label") && !cl.hasOption("data")) {
            throw new UsageException("--label names the label column of a CSV file given with "
                    + "--data");
        }
        if (cl.hasOption("data")) {
            Session.flagFiles(cl.getOptionValue("data"), "data");
        }
        Checkpoint ckpt = TrainCommand.weightsOf(cl);
        if (cl.hasOption("data")) {
            // --data replaces the test source; reuse --test's parsing.
            String[] args = {cl.getArgList().get(0), "--test", cl.getOptionValue("data")};
            cl = reparse(args, cl.getOptionValue("label"), cl.getOptionValue("threads"));
        }
        Session s = Session.open(cl, err);
        if (s == null) {
            return 1;
        }
        Model model = s.instantiate(256);
        TrainCommand.restore(ckpt, model);
        DataLoader.Loaded loaded = s.load(out);
        Dataset data;
        String what = "test";
        try {
            DataLoader.Prepared p = DataLoader.prepare(loaded, model, ckpt.normalizer(), 0,
                    s.config.seed());
            data = p.test();
            if (data == null) {
                data = p.train();
                what = "training";
                out.println("note: the model declares no test data; evaluating on the "
                        + "training data (pass --data FILES to choose)");
            }
        } catch (DataException e) {
            throw new UserException(e.getMessage());
        }
        Evaluator.Evaluation e = Evaluator.evaluate(model, data);
        out.println(summaryLine(what, e));
        if (e.confusion() != null) {
            out.print(confusion(e.confusion(), model.targetKind()));
        }
        return 0;
    }

    private CommandLine reparse(String[] args, String label, String threads) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        if (label != null) {
            all.add("--label");
            all.add(label);
        }
        if (threads != null) {
            all.add("--threads");
            all.add(threads);
        }
        try {
            return new org.apache.commons.cli.DefaultParser().parse(
                    Session.dataOptions(Session.trainingOptions(new Options())),
                    all.toArray(new String[0]));
        } catch (org.apache.commons.cli.ParseException ex) {
            throw new UsageException(lowerFirst(ex.getMessage()));
        }
    }

    /** "test: 10000 samples, loss 0.3012, accuracy 89.12%". */
    static String summaryLine(String what, Evaluator.Evaluation e) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d %s, loss %.4f", what, e.samples(),
                e.samples() == 1 ? "sample" : "samples", e.loss()));
        if (!Double.isNaN(e.accuracy())) {
            b.append(", accuracy ").append(TrainCommand.percent(e.accuracy()));
        }
        if (!Double.isNaN(e.mae())) {
            b.append(String.format(Locale.ROOT, ", mean absolute error %.4f", e.mae()));
        }
        return b.toString();
    }

    /** The confusion matrix: rows are actual classes, columns predicted. */
    static String confusion(int[][] m, TargetKind kind) {
        StringBuilder b = new StringBuilder("confusion matrix (rows: actual, columns: "
                + "predicted)\n");
        int width = 6;
        for (int[] row : m) {
            for (int v : row) {
                width = Math.max(width, Integer.toString(v).length() + 1);
            }
        }
        b.append(String.format("%" + width + "s", ""));
        for (int c = 0; c < m.length; c++) {
            b.append(String.format("%" + width + "d", c));
        }
        b.append('\n');
        for (int r = 0; r < m.length; r++) {
            b.append(String.format("%" + width + "d", r));
            for (int c = 0; c < m[r].length; c++) {
                b.append(String.format("%" + width + "d", m[r][c]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}

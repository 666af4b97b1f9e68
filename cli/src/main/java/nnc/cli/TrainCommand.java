package nnc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nnc.runtime.Model;
import nnc.runtime.data.DataException;
import nnc.runtime.data.DataLoader;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.io.CheckpointException;
import nnc.runtime.io.IoErrors;
import nnc.runtime.train.ConsoleProgress;
import nnc.runtime.train.EpochMetrics;
import nnc.runtime.train.Evaluator;
import nnc.runtime.train.History;
import nnc.runtime.train.Trainer;
import nnc.runtime.train.TrainingListener;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc train FILE}: compile in memory and train on the declared data. */
final class TrainCommand extends Command {
    @Override
    String name() {
        return "train";
    }

    @Override
    String summary() {
        return "compile in memory and train; saves weights, history and charts";
    }

    @Override
    String usage() {
        return "FILE.nn [--epochs N] [--batch N] [--threads N] [--seed S] [--out WEIGHTS] "
                + "[--resume]";
    }

    @Override
    Options options() {
        Options o = Session.dataOptions(Session.trainingOptions(new Options()));
        return o.addOption(Option.builder("o").longOpt("out").hasArg().argName("WEIGHTS")
                        .desc("weights file (default: FILE with extension .nnw)").get())
                .addOption(Option.builder().longOpt("resume")
                        .desc("continue from the weights file").get())
                .addOption(Option.builder().longOpt("no-chart")
                        .desc("do not write the PNG and SVG charts").get());
    }

    /**
     * Refuses, before any training, a weights path that could not be written or that holds
     * something other than nnc weights (the model's own source, its data, a device): training
     * for an hour and then failing to save, or replacing a file the user meant to keep, loses
     * work.
     */
    static void checkWritable(Path weights) {
        if (weights.toString().isEmpty()) {
            throw new UsageException("the weights file name is empty");
        }
        if (Files.isDirectory(weights)) {
            throw new UsageException("`" + weights + "` is a folder; give a file name such as `"
                    + weights.resolve("model.nnw") + "`");
        }
        Path dir = weights.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserException("cannot write " + weights + ": the folder `"
                    + (weights.getParent() == null ? dir : weights.getParent())
                    + "` does not exist");
        }
        if (Files.exists(weights) && !Checkpoint.isCheckpoint(weights)) {
            throw new UserException("`" + weights + "` exists and is not an nnc weights file; "
                    + "nnc will not replace it (give another file with -o, or remove it)");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".nnc-probe", ".tmp"));
        } catch (IOException e) {
            throw new UserException("cannot write " + weights + ": " + IoErrors.reason(e));
        }
    }

    /** Writes a checkpoint, reporting a failure (disk full, ...) as the user's error. */
    private static void save(Checkpoint ckpt, Path weights) {
        try {
            ckpt.write(weights);
        } catch (CheckpointException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The default weights file of a .nn file: same name, extension .nnw. */
    static Path defaultWeights(Path nn) {
        String name = nn.getFileName().toString();
        String stem = name.endsWith(".nn") ? name.substring(0, name.length() - 3) : name;
        return nn.resolveSibling(stem + ".nnw");
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) {
        Session s = Session.open(cl, err);
        if (s == null) {
            return 1;
        }
        Path weights = cl.hasOption("out") ? Path.of(cl.getOptionValue("out"))
                : defaultWeights(Path.of(cl.getArgList().get(0)));
        checkWritable(weights);
        Checkpoint resumeFrom = null;
        if (cl.hasOption("resume")) {
            if (!Files.exists(weights)) {
                throw new UsageException("--resume: `" + weights + "` does not exist yet; train "
                        + "without --resume first");
            }
            resumeFrom = read(weights);
        }
        DataLoader.Loaded loaded = s.load(out);
        DataLoader.Prepared data;
        Model model;
        try {
            int trainRows = loaded.train().size();
            int batch = s.config.batch() == 0 ? trainRows : Math.min(s.config.batch(), trainRows);
            model = s.instantiate(batch);
            if (resumeFrom != null) {
                // Before the data: weights of another model are the mistake to report, not the
                // data's width against their normalizer.
                restore(resumeFrom, model);
            }
            data = resumeFrom == null
                    ? DataLoader.prepare(loaded, model, s.data.normalize(),
                    s.config.validation(), s.config.seed())
                    : DataLoader.prepare(loaded, model, resumeFrom.normalizer(),
                    s.config.validation(), s.config.seed());
        } catch (DataException e) {
            throw new UserException(e.getMessage());
        }
        out.print(s.summary());
        Trainer trainer = new Trainer(model, s.config);
        long seed = s.config.seed();
        var normalizer = data.normalizer();
        TrainingListener progress = new ConsoleProgress(out, System.console() != null);
        // Finished epochs are saved atomically (at most every few seconds, and always at the
        // end), so a crash loses at most those seconds and never the previous file.
        long[] lastSave = {System.nanoTime()};
        trainer.listener(new TrainingListener() {
            @Override
            public void onStart(Model m, int firstEpoch, int epochs, int trainSize,
                                int validationSize, int batchSize) {
                progress.onStart(m, firstEpoch, epochs, trainSize, validationSize, batchSize);
            }

            @Override
            public void onBatch(int epoch, int batch, int batches, long samples, double loss) {
                progress.onBatch(epoch, batch, batches, samples, loss);
            }

            @Override
            public void onEpoch(EpochMetrics m, History h) {
                progress.onEpoch(m, h);
                if (Double.isFinite(m.loss()) && System.nanoTime() - lastSave[0] > 5_000_000_000L) {
                    save(Checkpoint.capture(model, seed, h, normalizer,
                            trainer.bestParameters()), weights);
                    lastSave[0] = System.nanoTime();
                }
            }

            @Override
            public void onEnd(History h) {
                progress.onEnd(h);
            }
        });
        History history;
        if (resumeFrom != null) {
            out.printf("resuming from %s after epoch %d%n", weights, resumeFrom.epoch());
            history = trainer.resume(data.train(), data.validation(), resumeFrom.history(),
                    resumeFrom.bestParameters());
        } else {
            history = trainer.fit(data.train(), data.validation());
        }
        boolean diverged = history.stop() == History.Stop.DIVERGED;
        if (diverged) {
            // The parameters hold infinities or NaN: a file there keeps what it had (a good
            // model from an earlier run, or the last finite epoch saved above).
            out.println(Files.exists(weights)
                    ? "did not replace " + weights + ": training diverged"
                    : "did not save the weights: training diverged");
        } else {
            save(Checkpoint.capture(model, seed, history, normalizer, trainer.bestParameters()),
                    weights);
            out.println("saved weights to " + weights);
        }
        if (!cl.hasOption("no-chart") && history.size() > 0) {
            Charts.write(history, weights, out, err);
        }
        if (data.test() != null) {
            Evaluator.Evaluation e = Evaluator.evaluate(model, data.test());
            out.println(EvalCommand.summaryLine("test", e));
        }
        if (diverged) {
            err.println("error: " + history.stopMessage());
            return 1;
        }
        return 0;
    }

    /**
     * The trained weights of {@code eval} and {@code predict}: {@code --weights}, else FILE.nnw.
     * The model file is read first, so that a missing FILE.nn is the mistake reported, not the
     * missing weights named after it.
     */
    static Checkpoint weightsOf(CommandLine cl) {
        String nn = cl.getArgList().get(0);
        Frontend.read(nn);
        return read(cl.hasOption("weights") ? Path.of(cl.getOptionValue("weights"))
                : defaultWeights(Path.of(nn)));
    }

    /** Loads {@code ckpt} into {@code model}, or says why it does not fit. */
    static void restore(Checkpoint ckpt, Model model) {
        try {
            ckpt.checkFits(model);
        } catch (CheckpointException e) {
            throw new UserException(e.getMessage());
        }
        ckpt.restoreInto(model);
    }

    static Checkpoint read(Path weights) {
        try {
            return Checkpoint.read(weights);
        } catch (CheckpointException e) {
            throw new UserException(e.getMessage());
        }
    }

    static String percent(double x) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * x);
    }
}

package nnc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nnc.compiler.Compiler;
import nnc.compiler.check.Spec;
import nnc.compiler.report.CostReport;
import nnc.compiler.source.SourceFile;
import nnc.runtime.DataConfig;
import nnc.runtime.Model;
import nnc.runtime.TrainingConfig;
import nnc.runtime.data.DataException;
import nnc.runtime.data.DataLoader;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * What the commands that run a model share: the compiled model, its training settings with
 * command-line overrides, and its data with paths resolved against the .nn file's folder.
 */
final class Session {
    final SourceFile source;
    final Compiler.Result compiled;
    final TrainingConfig config;
    final DataConfig data;

    private Session(SourceFile source, Compiler.Result compiled, TrainingConfig config,
                    DataConfig data) {
        this.source = source;
        this.compiled = compiled;
        this.config = config;
        this.data = data;
    }

    /** Options for overriding the file's settings. */
    static Options trainingOptions(Options o) {
        return o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N")
                        .desc("epochs (overrides the file)").get())
                .addOption(Option.builder().longOpt("batch").hasArg().argName("N")
                        .desc("batch size; `full` (or 0) for the whole training set (overrides the file)").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                        .desc("kernel threads; 0 for one per core (overrides the file)").get())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("S")
                        .desc("seed (overrides the file)").get())
                .addOption(Option.builder().longOpt("lr").hasArg().argName("RATE")
                        .desc("learning rate (overrides the file)").get());
    }

    /** Options for overriding the file's data sources. */
    static Options dataOptions(Options o) {
        return o.addOption(Option.builder().longOpt("train").hasArg().argName("FILES")
                        .desc("training data: a CSV file, or IDX images,labels").get())
                .addOption(Option.builder().longOpt("test").hasArg().argName("FILES")
                        .desc("test data: a CSV file, or IDX images,labels").get())
                .addOption(Option.builder().longOpt("label").hasArg().argName("COLUMN")
                        .desc("label column of CSV files given by flag (default: last)").get());
    }

    /** Compiles the file named on the command line and applies the overrides; null on errors. */
    static Session open(CommandLine cl, PrintStream err) {
        SourceFile src = Frontend.read(cl.getArgList().get(0));
        Compiler.Result r = Frontend.compile(src, "", Set.of(), err, err);
        if (r == null) {
            return null;
        }
        TrainingConfig c = r.model().training();
        if (cl.hasOption("epochs")) {
            c = c.withEpochs(Command.intOption(cl, "epochs", c.epochs(), 1));
        }
        if (cl.hasOption("batch")) {
            c = c.withBatch("full".equals(cl.getOptionValue("batch").trim()) ? 0
                    : Command.intOption(cl, "batch", c.batch(), 0));
        }
        if (cl.hasOption("threads")) {
            c = c.withThreads(Command.threadsOption(cl, c.threads()));
        }
        if (cl.hasOption("seed")) {
            c = c.withSeed(Command.intOption(cl, "seed", (int) c.seed(), 0));
        }
        if (cl.hasOption("lr")) {
            try {
                double lr = Double.parseDouble(cl.getOptionValue("lr"));
                if (!(lr > 0) || Double.isInfinite(lr)) {
                    throw new NumberFormatException();
                }
                c = c.withLearningRate(lr);
            } catch (NumberFormatException e) {
                throw new UsageException("--lr needs a positive number, not `"
                        + cl.getOptionValue("lr") + "`");
            }
        }
        return new Session(src, r, c, dataConfig(r.model(), src, cl));
    }

    private static DataConfig dataConfig(Spec.Model model, SourceFile src, CommandLine cl) {
        DataConfig declared = model.data();
        String base = src.baseDir().toString();
        DataConfig.Source train = declared == null ? null : declared.train();
        DataConfig.Source test = declared == null ? null : declared.test();
        if (cl.hasOption("label") && !cl.hasOption("train") && !cl.hasOption("test")) {
            throw new UsageException("--label names the label column of a CSV file given with "
                    + "--train or --test; the file's own data names its label in the .nn file");
        }
        if (cl.hasOption("train")) {
            train = flagSource(cl.getOptionValue("train"), cl, "train");
        }
        if (cl.hasOption("test")) {
            test = flagSource(cl.getOptionValue("test"), cl, "test");
        }
        if (train == null) {
            return null;
        }
        var normalize = declared == null ? DataConfig.Normalize.NONE : declared.normalize();
        if (cl.hasOption("train") || cl.hasOption("test")) {
            // Paths given on the command line are relative to where the command runs.
            train = absolute(train, cl.hasOption("train"));
            test = test == null ? null : absolute(test, cl.hasOption("test"));
        }
        return new DataConfig(train, test, normalize, base);
    }

    private static DataConfig.Source absolute(DataConfig.Source s, boolean fromFlag) {
        if (!fromFlag) {
            return s;
        }
        return new DataConfig.Source(s.format(), s.paths().stream()
                .map(p -> Path.of(p).toAbsolutePath().toString()).toList(), s.options(),
                s.fallback());
    }

    /** The files of a data flag, or a usage error naming {@code flag}. */
    static List<String> flagFiles(String value, String flag) {
        List<String> files = Arrays.stream(value.split(",")).map(String::trim)
                .filter(p -> !p.isEmpty()).toList();
        boolean csv = files.size() == 1 && files.get(0).toLowerCase(Locale.ROOT).endsWith(".csv");
        if (!csv && files.size() != 2) {
            throw new UsageException("--" + flag + " takes a .csv file or two IDX files "
                    + "(images,labels), not `" + value + "`");
        }
        return files;
    }

    private static DataConfig.Source flagSource(String value, CommandLine cl, String flag) {
        List<String> files = flagFiles(value, flag);
        if (files.size() == 1 && files.get(0).toLowerCase(Locale.ROOT).endsWith(".csv")) {
            Map<String, String> options = cl.hasOption("label")
                    ? Map.of("label", cl.getOptionValue("label"), "header", "true")
                    : Map.of("header", "true");
            return new DataConfig.Source("csv", files, options, null);
        }
        return new DataConfig.Source("idx", files, Map.of(), null);
    }

    /** The data, read and checked; data errors become user errors naming the file. */
    DataLoader.Loaded load(PrintStream out) {
        if (data == null) {
            throw new UserException("model `" + compiled.model().name() + "` declares no data; "
                    + "add a `data { train: ... }` block or pass --train FILE");
        }
        try {
            DataLoader.Loaded loaded = DataLoader.load(data);
            describe(out, "training data", loaded.trainOrigin(), loaded.train().size());
            if (loaded.test() != null) {
                describe(out, "test data", loaded.testOrigin(), loaded.test().size());
            }
            return loaded;
        } catch (DataException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static void describe(PrintStream out, String what, DataLoader.Origin origin,
                                 int rows) {
        String samples = rows + (rows == 1 ? " sample" : " samples");
        if (origin.usedFallback()) {
            out.printf("%s: %s not found; using the fallback %s (%s)%n", what,
                    origin.missing().get(0), origin.describe(), samples);
        } else {
            out.printf("%s: %s (%s)%n", what, origin.describe(), samples);
        }
    }

    /** A fresh instance of the generated model with room for {@code maxBatch} rows. */
    Model instantiate(int maxBatch) {
        Model m = Frontend.instantiate(compiled, Math.max(1, maxBatch));
        m.setThreads(config.threads());
        m.initialize(config.seed());
        return m;
    }

    /** The model summary printed before training. */
    String summary() {
        Spec.Model m = compiled.model();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "model %s%n", m.name()));
        b.append(String.format(Locale.ROOT, "  %-18s %-12s %-14s %12s%n", "layer", "kind",
                "output", "parameters"));
        Map<String, Integer> width = new java.util.HashMap<>();
        m.inputs().forEach(i -> width.put(i.name(), i.size()));
        long total = 0;
        for (Spec.Input in : m.inputs()) {
            b.append(String.format(Locale.ROOT, "  %-18s %-12s %-14s %12s%n", in.name(), "input",
                    Arrays.toString(in.shape()), "0"));
        }
        for (Spec.Layer l : m.layers()) {
            long p = CostReport.parameters(l, width.get(l.inputs().get(0)));
            width.put(l.name(), l.size());
            total += p;
            b.append(String.format(Locale.ROOT, "  %-18s %-12s %-14s %,12d%n", l.name(),
                    l.kind().name().toLowerCase(Locale.ROOT), Arrays.toString(l.shape()), p));
        }
        b.append(String.format(Locale.ROOT, "  total parameters: %,d%n", total));
        return b.toString();
    }
}

package nnc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nnc.compiler.Compiler;
import nnc.compiler.check.Builtins;
import nnc.compiler.check.Sig;
import nnc.compiler.check.Spec;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.diag.Suggest;
import nnc.runtime.Model;
import nnc.runtime.TrainingConfig;
import nnc.runtime.data.DataException;
import nnc.runtime.data.DataLoader;
import nnc.runtime.train.EpochMetrics;
import nnc.runtime.train.History;
import nnc.runtime.train.Trainer;
import nnc.runtime.train.TrainingListener;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code nnc sweep FILE --set optimizer.lr=1e-2,1e-3 --set train.batch=32,128}: trains every
 * combination and ranks them by the validation metric (grid search).
 */
final class SweepCommand extends Command {
    private static final List<String> TRAIN_KEYS = List.of("epochs", "batch", "seed",
            "validation");

    @Override
    String name() {
        return "sweep";
    }

    @Override
    String summary() {
        return "grid search: train every combination of --set values, ranked by validation";
    }

    @Override
    String usage() {
        return "FILE.nn --set KEY=V1,V2,... [--set ...] [--threads N]";
    }

    @Override
    Options options() {
        return Session.dataOptions(new Options()
                .addOption(Option.builder().longOpt("set").hasArg().argName("KEY=VALUES")
                        .desc("values to try: optimizer.PARAM (lr, momentum, beta1, ...) or "
                                + "train.epochs, train.batch, train.seed, train.validation")
                        .get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                        .desc("kernel threads").get()));
    }

    /** One swept key and the values to try, as written. */
    private record Axis(String key, List<String> values) {
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) {
        String[] sets = cl.getOptionValues("set");
        if (sets == null) {
            throw new UsageException("give at least one --set KEY=V1,V2,...");
        }
        threadsOption(cl, 0); // checked before anything trains
        Session s = Session.open(cl, err);
        if (s == null) {
            return 1;
        }
        List<Axis> axes = new ArrayList<>();
        for (String set : sets) {
            Axis axis = axis(set, s.compiled.model());
            if (axes.stream().anyMatch(a -> a.key().equals(axis.key()))) {
                throw new UsageException("--set " + axis.key() + " is given twice; list all its "
                        + "values in one --set");
            }
            axes.add(axis);
        }
        List<Map<String, String>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : grid) {
                for (String v : a.values()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(a.key(), v);
                    next.add(m);
                }
            }
            grid = next;
        }
        double validation = s.config.validation() > 0 ? s.config.validation() : 0.2;
        // Every combination's settings are checked before any data is read or trained on.
        List<Setting> settings = new ArrayList<>();
        for (Map<String, String> point : grid) {
            settings.add(setting(s, point, validation));
        }
        DataLoader.Loaded loaded = s.load(out);
        if (s.config.validation() == 0) {
            out.println("note: the model holds out no validation data; the sweep holds out 20%");
        }
        boolean classifies = s.compiled.model().output().kind() != nnc.runtime.TargetKind
                .REGRESSION;
        String metric = classifies ? "val_accuracy" : "val_loss";
        out.printf("sweep: %d combinations, ranked by %s%n", grid.size(), metric);
        List<Object[]> rows = new ArrayList<>();
        int i = 0;
        for (Setting setting : settings) {
            Map<String, String> point = setting.point();
            i++;
            Result r = trainOne(setting, loaded, s, cl);
            out.printf(Locale.ROOT, "[%d/%d] %s: %s %.4f%n", i, grid.size(), describe(point),
                    metric, r.metric(metric));
            rows.add(new Object[] {point, r});
        }
        Comparator<Object[]> byMetric = Comparator.comparingDouble(row -> {
            double v = ((Result) row[1]).metric(metric);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : classifies ? -v : v;
        });
        rows.sort(byMetric.thenComparingDouble(row -> {
            double v = ((Result) row[1]).metric("val_loss");
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        }));
        int width = 8;
        for (Map<String, String> point : grid) {
            width = Math.max(width, describe(point).length());
        }
        String format = "%-5s %-" + width + "s %12s %10s %10s %7s%n";
        String rowFormat = "%-5d %-" + width + "s %12.4f %10.4f %10.4f %7d%n";
        out.println();
        out.printf(format, "rank", "settings", metric, "val_loss", "loss", "epochs");
        int rank = 1;
        for (Object[] row : rows) {
            Result r = (Result) row[1];
            @SuppressWarnings("unchecked")
            Map<String, String> point = (Map<String, String>) row[0];
            out.printf(Locale.ROOT, rowFormat, rank++,
                    describe(point), r.metric(metric), r.last().valLoss(), r.last().loss(),
                    r.history().size());
        }
        return 0;
    }

    private record Result(History history) {
        EpochMetrics last() {
            int best = history.bestEpoch();
            return best > 0 ? history.epochs().get(best - 1) : history.last();
        }

        double metric(String name) {
            return history.size() == 0 ? Double.NaN : last().metric(name);
        }
    }

    private static String describe(Map<String, String> point) {
        StringBuilder b = new StringBuilder();
        point.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=')
                .append(v));
        return b.toString();
    }

    /** One combination: its values, the training settings and the model compiled with them. */
    private record Setting(Map<String, String> point, TrainingConfig config,
                           Compiler.Result compiled) {
    }

    /** The settings of one combination, or a usage error naming the value that cannot be. */
    private static Setting setting(Session s, Map<String, String> point, double validation) {
        TrainingConfig c = s.config.withValidation(validation);
        Map<String, Object> optimizer = new LinkedHashMap<>();
        for (var e : point.entrySet()) {
            String field = e.getKey().substring(e.getKey().indexOf('.') + 1);
            String v = e.getValue();
            if (e.getKey().startsWith("train.")) {
                c = switch (field) {
                    case "epochs" -> c.withEpochs(positiveInt(e.getKey(), v));
                    case "batch" -> c.withBatch(v.equals("full") ? 0 : positiveInt(e.getKey(), v));
                    case "seed" -> c.withSeed(v.equals("0") ? 0 : positiveInt(e.getKey(), v));
                    default -> c.withValidation(fraction(e.getKey(), v));
                };
            } else if (field.equals("lr")) {
                c = c.withLearningRate(number(e.getKey(), v));
            } else {
                optimizer.put(field, v.equals("true") || v.equals("false")
                        ? (Object) Boolean.valueOf(v) : (Object) number(e.getKey(), v));
            }
        }
        Compiler.Result compiled = s.compiled;
        if (!optimizer.isEmpty()) {
            Diagnostics diag = new Diagnostics(s.source);
            compiled = Compiler.compile(diag, new Compiler.Options("", Set.of(), System.err),
                    m -> withOptimizer(m, optimizer));
            if (compiled == null) {
                throw new UsageException("--set " + describe(point) + ": "
                        + diag.render().strip());
            }
        }
        return new Setting(point, c, compiled);
    }

    private Result trainOne(Setting setting, DataLoader.Loaded loaded, Session s,
                            CommandLine cl) {
        TrainingConfig c = setting.config();
        Compiler.Result compiled = setting.compiled();
        Model model = Frontend.instantiate(compiled, Math.max(1, c.batch() == 0
                ? loaded.train().size() : c.batch()));
        model.setThreads(c.threads());
        if (cl.hasOption("threads")) {
            model.setThreads(threadsOption(cl, 0));
        }
        model.initialize(c.seed());
        DataLoader.Prepared data;
        try {
            data = DataLoader.prepare(loaded, model, s.data.normalize(), c.validation(),
                    c.seed());
        } catch (DataException e) {
            throw new UserException(e.getMessage());
        }
        History h = new Trainer(model, c).listener(new TrainingListener() {
        }).fit(data.train(), data.validation());
        return new Result(h);
    }

    private static Spec.Model withOptimizer(Spec.Model m, Map<String, Object> changes) {
        Map<String, Object> params = new LinkedHashMap<>(m.optimizer().params());
        params.putAll(changes);
        Spec.Optimizer o = new Spec.Optimizer(m.optimizer().kind(), m.optimizer().lr(),
                Map.copyOf(params), m.optimizer().span());
        return new Spec.Model(m.name(), m.inputs(), m.output(), m.layers(), m.loss(), o,
                m.training(), m.data(), m.sourceHash(), m.span());
    }

    private static Axis axis(String set, Spec.Model model) {
        int eq = set.indexOf('=');
        if (eq <= 0 || eq == set.length() - 1) {
            throw new UsageException("--set takes KEY=V1,V2,..., not `" + set + "`");
        }
        String key = set.substring(0, eq).trim();
        List<String> values = List.of(set.substring(eq + 1).split(",", -1)).stream()
                .map(String::trim).toList();
        if (values.contains("")) {
            throw new UsageException("--set " + key + ": an empty value in `"
                    + set.substring(eq + 1) + "`");
        }
        List<String> known = new ArrayList<>();
        TRAIN_KEYS.forEach(k -> known.add("train." + k));
        String optimizer = model.optimizer().kind().name().toLowerCase(Locale.ROOT);
        Map<String, Sig.Type> types = new LinkedHashMap<>();
        for (Sig.Param p : Builtins.lookup(Builtins.Category.OPTIMIZER, optimizer).params()) {
            known.add("optimizer." + p.name());
            types.put("optimizer." + p.name(), p.type());
        }
        if (!known.contains(key)) {
            String hint = Suggest.closest(key, known).map(k -> "; did you mean `" + k + "`?")
                    .orElse("; keys: " + String.join(", ", known));
            throw new UsageException("--set: unknown key `" + key + "`" + hint);
        }
        for (String v : values) {
            if (types.containsKey(key)) {
                // The optimizer's values take the ranges a .nn file's values take.
                checkValue(key, v, types.get(key));
            } else if (!(key.equals("train.batch") && v.equals("full"))) {
                number(key, v);
            }
        }
        return new Axis(key, values);
    }

    private static void checkValue(String key, String v, Sig.Type type) {
        boolean ok;
        if (type == Sig.Type.BOOL) {
            ok = v.equals("true") || v.equals("false");
        } else {
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            boolean whole = x == Math.rint(x) && Math.abs(x) < Integer.MAX_VALUE;
            ok = Double.isFinite(x) && switch (type) {
                case POS_INT -> whole && x >= 1;
                case NON_NEG_INT -> whole && x >= 0;
                case POS_NUM -> x > 0;
                case NON_NEG_NUM -> x >= 0;
                case FRACTION -> x >= 0 && x < 1;
                default -> true;
            };
        }
        if (!ok) {
            throw new UsageException("--set " + key + ": `" + v + "` is not "
                    + type.description());
        }
    }

    private static double number(String key, String v) {
        try {
            double x = Double.parseDouble(v);
            if (Double.isNaN(x) || Double.isInfinite(x) || x < 0) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException("--set " + key + ": `" + v + "` is not a number 0 or more");
        }
    }

    private static double fraction(String key, String v) {
        double x = number(key, v);
        if (x <= 0 || x >= 1) {
            throw new UsageException("--set " + key + ": `" + v + "` is not a fraction between 0 "
                    + "and 1 (the sweep ranks the combinations on the validation data)");
        }
        return x;
    }

    private static int positiveInt(String key, String v) {
        try {
            int x = Integer.parseInt(v);
            if (x < 1) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException("--set " + key + ": `" + v + "` is not a positive whole "
                    + "number");
        }
    }
}

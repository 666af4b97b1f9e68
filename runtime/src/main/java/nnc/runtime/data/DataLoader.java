package nnc.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nnc.runtime.DataConfig;
import nnc.runtime.Model;

/**
 * Loads the data a model's {@code data { }} block declares, and prepares it for training:
 * targets checked and converted for the model, validation rows held out, features normalized
 * with statistics of the training rows only.
 */
public final class DataLoader {
    /** Seed offset of the validation split, so it does not repeat the shuffle's sequence. */
    private static final long SPLIT_SALT = 0x5EED_0F_5711L;

    private DataLoader() {
    }

    /**
     * Which files a data set was read from.
     *
     * @param format  idx or csv
     * @param files   the files read
     * @param missing files of the sources tried before, which did not exist (empty when the
     *                primary source was used)
     */
    public record Origin(String format, List<Path> files, List<Path> missing) {
        /** Whether a fallback source was used because the primary one's files are missing. */
        public boolean usedFallback() {
            return !missing.isEmpty();
        }

        /** Where the data came from, for a person: the folder when all files share one. */
        public String describe() {
            Path dir = files.get(0).getParent();
            boolean oneDir = files.stream().allMatch(f -> java.util.Objects.equals(
                    f.getParent(), dir));
            return oneDir && dir != null && files.size() > 1 ? dir.toString()
                    : String.join(", ", files.stream().map(Path::toString).toList());
        }
    }

    /** Training and test data as read, with where each came from ({@code test} may be null). */
    public record Loaded(Dataset train, Origin trainOrigin, Dataset test, Origin testOrigin) {
    }

    /** Data ready for the trainer ({@code validation} and {@code test} may be null). */
    public record Prepared(Dataset train, Dataset validation, Dataset test,
                           Normalizer normalizer) {
    }

    /**
     * Reads the training and (if declared) test sources of {@code config}. Relative paths are
     * resolved against {@code config.baseDir()}; a source whose files do not all exist is
     * replaced by its fallback.
     *
     * @throws DataException when no source's files exist or a file is malformed
     */
    public static Loaded load(DataConfig config) {
        Path base = Path.of(config.baseDir() == null ? "." : config.baseDir());
        Sourced train = read(config.train(), base);
        Sourced test = config.test() == null ? new Sourced(null, null)
                : read(config.test(), base);
        return new Loaded(train.data(), train.origin(), test.data(), test.origin());
    }

    private record Sourced(Dataset data, Origin origin) {
    }

    private static Sourced read(DataConfig.Source source, Path baseDir) {
        List<Path> missing = new ArrayList<>();
        for (DataConfig.Source s = source; s != null; s = s.fallback()) {
            List<Path> files = s.paths().stream().map(p -> resolve(baseDir, p)).toList();
            List<Path> absent = files.stream().filter(f -> !Files.exists(f)).toList();
            if (!absent.isEmpty()) {
                missing.addAll(absent);
                continue;
            }
            return new Sourced(readFiles(s, files),
                    new Origin(s.format(), files, List.copyOf(missing)));
        }
        throw new DataException(missing.size() == 1 ? missing.get(0) + ": no such file"
                : "none of the data files exist: " + String.join(", ",
                        missing.stream().map(Path::toString).toList()));
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : base.resolve(p)).normalize();
    }

    private static Dataset readFiles(DataConfig.Source s, List<Path> files) {
        String format = s.format() == null ? "" : s.format().toLowerCase();
        return switch (format) {
            case "idx" -> switch (files.size()) {
                case 1 -> IdxReader.readFeatures(files.get(0));
                case 2 -> IdxReader.read(files.get(0), files.get(1));
                default -> throw new DataException("an idx source takes an images file and a "
                        + "labels file, not " + files.size() + " files");
            };
            case "csv" -> {
                if (files.size() != 1) {
                    throw new DataException("a csv source takes one file, not " + files.size());
                }
                yield CsvReader.read(files.get(0), CsvReader.Options.from(s.options()));
            }
            default -> throw new DataException("unknown data format `" + s.format()
                    + "` (known: idx, csv)");
        };
    }

    /**
     * Prepares loaded data for {@code model}: checks the feature count, converts and checks the
     * targets, holds out {@code validation} of the training rows (chosen by {@code seed}), fits
     * {@code normalize} on the remaining training rows and applies it to all three parts.
     */
    public static Prepared prepare(Loaded data, Model model, DataConfig.Normalize normalize,
                                   double validation, long seed) {
        return prepare(data, model, normalize, null, validation, seed);
    }

    /**
     * As {@link #prepare(Loaded, Model, DataConfig.Normalize, double, long)}, but with a
     * normalizer fitted before (read from a checkpoint when training resumes or a model is
     * evaluated), so the statistics are exactly those the weights were trained with.
     */
    public static Prepared prepare(Loaded data, Model model, Normalizer normalizer,
                                   double validation, long seed) {
        return prepare(data, model, null, normalizer, validation, seed);
    }

    private static Prepared prepare(Loaded data, Model model, DataConfig.Normalize normalize,
                                    Normalizer fitted, double validation, long seed) {
        Dataset.Split split = forModel(data.train(), model).split(validation, seed ^ SPLIT_SALT);
        Normalizer normalizer = fitted != null ? fitted : Normalizer.fit(normalize, split.train());
        Dataset test = data.test() == null ? null : forModel(data.test(), model);
        return new Prepared(normalizer.apply(split.train()), normalizer.apply(split.validation()),
                normalizer.apply(test), normalizer);
    }

    /** Checks that {@code data} fits {@code model}'s input and converts its targets. */
    public static Dataset forModel(Dataset data, Model model) {
        if (data.featureCount() != model.inputSize()) {
            String shapes = Arrays.stream(model.inputShapes()).map(Arrays::toString).toList()
                    .toString();
            throw new DataException(data.source() + ": samples have " + data.featureCount()
                    + " features " + Arrays.toString(data.shape()) + ", but model `"
                    + model.name() + "` takes " + model.inputSize() + " " + shapes);
        }
        if (!data.hasTargets()) {
            return data;
        }
        return data.forModel(model.targetKind(), model.outputSize());
    }
}

package nnc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import nnc.compiler.Compiler;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.jit.InMemoryCompiler;
import nnc.compiler.report.CostReport;
import nnc.compiler.source.SourceFile;
import nnc.runtime.Model;
import nnc.runtime.io.IoErrors;

/** Reading, compiling and loading a .nn file for the commands. */
final class Frontend {
    private Frontend() {
    }

    /** Reads a .nn file, or throws a usage error saying why it cannot. */
    static SourceFile read(String file) {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new UsageException("`" + file + "` is a folder; give a .nn file");
        }
        try {
            return SourceFile.read(path);
        } catch (SourceFile.TooLarge e) {
            throw new UsageException("`" + file + "` is larger than "
                    + (SourceFile.MAX_BYTES >> 20) + " MB; a .nn file is a few kilobytes: is it "
                    + "the right file?");
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read `" + file + "`: no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserException("`" + file + "` is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("cannot read `" + file + "`: " + IoErrors.reason(e));
        }
    }

    /** Compiles, printing diagnostics; null when the file has errors. */
    static Compiler.Result compile(SourceFile src, String pkg, Set<String> dumps,
                                   PrintStream err, PrintStream dumpTo) {
        Diagnostics diag = new Diagnostics(src);
        Compiler.Result r = Compiler.compile(diag, new Compiler.Options(pkg, dumps, dumpTo));
        if (r == null) {
            err.print(diag.render());
        }
        return r;
    }

    /** A new instance of the compiled model with room for {@code maxBatch} rows. */
    static Model instantiate(Compiler.Result r, int maxBatch) {
        long largest = CostReport.largestArray(r, maxBatch);
        if (largest > MAX_ARRAY) {
            long fits = Math.max(1, (long) (maxBatch * (MAX_ARRAY / (double) largest)));
            throw new UserException(String.format(Locale.ROOT, "a batch of %,d is too large for "
                    + "model %s: one of its buffers would hold %,d values, and a Java array "
                    + "holds at most %,d; use a batch of at most %,d", maxBatch,
                    r.model().name(), largest, MAX_ARRAY, fits));
        }
        Class<? extends Model> type = InMemoryCompiler.compile(r.className(), r.java().toString());
        try {
            return type.getConstructor(int.class).newInstance(maxBatch);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                throw new UserException(String.format(Locale.ROOT, "not enough memory for model "
                        + "%s with room for %,d rows: it needs about %s, and this Java may use "
                        + "%s (give it more with NNC_JAVA_OPTS=-Xmx..., or use a smaller batch)",
                        r.model().name(), maxBatch,
                        gib(CostReport.peakTrainingBytes(r, maxBatch)),
                        gib(Runtime.getRuntime().maxMemory())));
            }
            throw new IllegalStateException("cannot instantiate generated " + r.className(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated " + r.className(), e);
        }
    }

    /** The longest Java array this JVM allocates (a little under {@code Integer.MAX_VALUE}). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}

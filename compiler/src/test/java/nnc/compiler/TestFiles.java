package nnc.compiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.jit.InMemoryCompiler;
import nnc.compiler.source.SourceFile;
import nnc.runtime.Model;

/** Locating and compiling the .nn files that tests run over. */
public final class TestFiles {
    /** The repository root (tests run in the module folder). */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Whether snapshot tests rewrite their expected files ({@code -Dnnc.bless=true}). */
    public static final boolean BLESS = Boolean.getBoolean("nnc.bless");

    private TestFiles() {
    }

    /** The .nn files directly in {@code dir}, sorted. */
    public static List<Path> nnFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Test resources folder {@code name}. */
    public static Path resources(String name) {
        return Path.of("src/test/resources", name).toAbsolutePath();
    }

    /** Every valid model of the repository: examples, models and the op models. */
    public static List<Path> validModels() {
        return Stream.of(nnFiles(ROOT.resolve("examples")), nnFiles(ROOT.resolve("models")),
                nnFiles(resources("ops"))).flatMap(List::stream).toList();
    }

    /** Compiles a file that must be valid. */
    public static Compiler.Result compile(Path file) {
        try {
            SourceFile src = SourceFile.read(file);
            Diagnostics d = new Diagnostics(src);
            Compiler.Result r = Compiler.compile(d, Compiler.Options.defaults());
            if (r == null) {
                throw new AssertionError(d.render());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the generated class and makes an instance for {@code maxBatch} rows. */
    public static Model instantiate(Compiler.Result r, int maxBatch) {
        try {
            return InMemoryCompiler.compile(r.className(), r.java().toString())
                    .getConstructor(int.class).newInstance(maxBatch);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}

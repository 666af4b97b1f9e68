package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.compiler.jit.InMemoryCompiler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated Java of every example and reference model, as golden text: the same .nn file
 * must give byte-identical Java, and that Java must compile without diagnostics. Run with
 * {@code -Dnnc.bless=true} to accept an intended change, and review the diff.
 */
class GoldenJavaTest {

    private static List<Path> files() {
        return Stream.of(TestFiles.nnFiles(TestFiles.ROOT.resolve("examples")),
                TestFiles.nnFiles(TestFiles.ROOT.resolve("models"))).flatMap(List::stream)
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> generatedJavaMatchesGoldenAndCompiles() {
        return files().stream().map(file -> DynamicTest.dynamicTest(
                TestFiles.ROOT.relativize(file).toString(), () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        String first = TestFiles.compile(file).java().toString();
        String second = TestFiles.compile(file).java().toString();
        assertEquals(first, second, "generation must be deterministic");
        Compiler.Result r = TestFiles.compile(file);
        assertNotNull(InMemoryCompiler.compile(r.className(), first));
        Path golden = TestFiles.resources("golden").resolve(r.model().name() + ".java.golden");
        if (TestFiles.BLESS || !Files.exists(golden)) {
            Files.writeString(golden, first, StandardCharsets.UTF_8);
            if (!TestFiles.BLESS) {
                throw new AssertionError("wrote missing " + golden.getFileName()
                        + "; review it and run again");
            }
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), first);
    }
}

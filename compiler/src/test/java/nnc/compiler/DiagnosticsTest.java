package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.source.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each broken file in {@code diagnostics/} sits beside the exact text nnc must print for it
 * ({@code NAME.nn.expected}). Run with {@code -Dnnc.bless=true} to rewrite the expected files
 * after an intended change, and review the diff.
 */
class DiagnosticsTest {

    @TestFactory
    Stream<DynamicTest> brokenFilesGiveTheExpectedMessages() {
        return TestFiles.nnFiles(TestFiles.resources("diagnostics")).stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                        () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        SourceFile src = SourceFile.of(file.getFileName().toString(), text);
        Diagnostics diag = new Diagnostics(src);
        assertNull(Compiler.check(diag), "the file should not check");
        String actual = diag.render();
        Path expected = file.resolveSibling(file.getFileName() + ".expected");
        if (TestFiles.BLESS || !Files.exists(expected)) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            if (!TestFiles.BLESS) {
                throw new AssertionError("wrote missing " + expected.getFileName()
                        + "; review it and run again");
            }
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual);
    }
}

package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc fmt}: print, --check and --write, and refusing files with syntax errors. */
class FmtCommandTest {
    private static final String MESSY = "model X{input a:[2] output y:[1]\n"
            + "layers{dense(1)} // one layer\nloss:mse optimizer:sgd(lr:0.1)}";
    private static final String FORMATTED = """
            model X {
                input a: [2]
                output y: [1]

                layers {
                    dense(1)
                } // one layer

                loss: mse
                optimizer: sgd(lr: 0.1)
            }
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int nnc(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path file(String text) throws IOException {
        Path p = dir.resolve("m.nn");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void printsTheFormattedFile() throws IOException {
        Path p = file(MESSY);
        assertEquals(0, nnc("fmt", p.toString()));
        assertEquals(FORMATTED, out.toString(StandardCharsets.UTF_8));
        assertEquals(MESSY, Files.readString(p), "printing leaves the file alone");
    }

    @Test
    void checkFailsUntilWriteFormats() throws IOException {
        Path p = file(MESSY);
        assertEquals(1, nnc("fmt", "--check", p.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not formatted "
                + "(first difference on line 1)"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, nnc("fmt", "--write", p.toString()));
        assertEquals(FORMATTED, Files.readString(p));
        assertEquals(0, nnc("fmt", "--check", p.toString()));
        assertEquals(0, nnc("fmt", "--write", p.toString()));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing to rewrite");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void refusesFilesWithSyntaxErrors() throws IOException {
        Path p = file("model X { layers { dense(1 } }");
        assertEquals(1, nnc("fmt", "--write", p.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("error[E0100]"));
        assertEquals("model X { layers { dense(1 } }", Files.readString(p));
    }

    @Test
    void checkAndWriteExcludeEachOther() throws IOException {
        assertEquals(2, nnc("fmt", "--check", "--write", file(MESSY).toString()));
    }

    @Test
    void lspAndFmtAreListed() {
        assertEquals(0, nnc("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("fmt") && help.contains("lsp"), help);
    }
}

package nnc.compiler.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.source.SourceFile;
import nnc.compiler.syntax.Parser;
import nnc.grammar.NNLexer;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The formatter: golden before/after pairs in {@code src/test/resources/format} (regenerate the
 * {@code .formatted} files with {@code -Dnnc.bless=true} and review the diff), idempotence on
 * every {@code .nn} of the repository, and that formatting only ever changes whitespace.
 */
class FormatterTest {
    private static final Path GOLDEN = Path.of("src/test/resources/format").toAbsolutePath();

    static String format(String text) {
        Diagnostics diag = new Diagnostics(SourceFile.of("test.nn", text));
        String out = Formatter.format(diag);
        assertNotNull(out, () -> "syntax errors:\n" + diag.render());
        return out;
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        return inputs(GOLDEN).map(in -> DynamicTest.dynamicTest(in.getFileName().toString(),
                () -> {
                    String actual = format(Files.readString(in));
                    Path expected = in.resolveSibling(in.getFileName() + ".formatted");
                    if (Boolean.getBoolean("nnc.bless")) {
                        Files.writeString(expected, actual, StandardCharsets.UTF_8);
                    }
                    assertTrue(Files.exists(expected), "no " + expected
                            + "; run with -Dnnc.bless=true to create it");
                    assertEquals(Files.readString(expected), actual);
                }));
    }

    /** Every .nn of the repository that parses: examples, models and the golden files. */
    @TestFactory
    Stream<DynamicTest> idempotentOnEveryModel() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("examples", "models")) {
            if (Files.isDirectory(root.resolve(dir))) {
                try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                    s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(files::add);
                }
            }
        }
        try (Stream<Path> s = Files.list(GOLDEN)) {
            s.filter(p -> p.toString().endsWith(".nn") || p.toString().endsWith(".formatted"))
                    .sorted().forEach(files::add);
        }
        assertTrue(files.stream().anyMatch(p -> p.toString().contains("examples")),
                "examples/ not found from " + root);
        return files.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file)
                .toString(), () -> {
                    String text = Files.readString(file);
                    String once = format(text);
                    assertEquals(once, format(once), "fmt(fmt(x)) != fmt(x)");
                    assertSameTokensAndComments(text, once);
                }));
    }

    /** The examples are written in the canonical style: formatting leaves them as they are. */
    @Test
    void examplesAreAlreadyCanonical() throws IOException {
        Path examples = Path.of("").toAbsolutePath().getParent().resolve("examples");
        try (Stream<Path> s = Files.list(examples)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".nn")).toList()) {
                String text = Files.readString(p);
                assertEquals(text, format(text), p.toString());
            }
        }
    }

    /** Whatever whitespace a file has, only its blank lines and own-line comments matter. */
    @Test
    void reflowedWhitespaceFormatsTheSame() throws IOException {
        Random random = new Random(42);
        List<Path> inputs = inputs(GOLDEN).toList();
        for (Path in : inputs) {
            String text = Files.readString(in);
            String expected = format(text);
            for (int trial = 0; trial < 20; trial++) {
                String shaken = reflow(text, random);
                assertEquals(expected, format(shaken), in + " reflowed as:\n" + shaken);
            }
        }
    }

    @Test
    void refusesSyntaxErrors() {
        for (String broken : List.of("model X { layers { dense(1) }", "model X { input x [2] }",
                "model { }", "model X { § }", "", "{{{{")) {
            Diagnostics diag = new Diagnostics(SourceFile.of("broken.nn", broken));
            assertNull(Formatter.format(diag), broken);
            assertTrue(diag.hasErrors(), broken);
        }
    }

    @Test
    void windowsLineEndingsBecomeUnix() {
        String text = "model X {\r\n  layers {\r\n  dense(1) /* a\r\n b */\r\n}\r\n}\r\n";
        assertEquals("model X {\n    layers {\n        dense(1) /* a\n b */\n    }\n}\n",
                format(text));
    }

    @Test
    void trailingSpaceOfLineCommentsIsDropped() {
        assertEquals("// a\nmodel X {} // b\n", format("// a   \nmodel X {}   // b \t\n"));
    }

    @Test
    void keepsNonAsciiTextAsWritten() {
        String text = "// π ≈ 3.14 — 😀\nmodel X {\n    data {\n        train: csv(\"ä😀.csv\", "
                + "label: \"y\")\n    }\n}\n";
        assertEquals(text, format(text));
    }

    private static Stream<Path> inputs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".nn")).sorted().toList().stream();
        }
    }

    /** Replaces each run of whitespace by another with the same kind of line break. */
    private static String reflow(String text, Random random) {
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (Token t : Parser.tokens(text)) {
            if (t.getType() == Token.EOF) {
                break;
            }
            if (t.getType() == NNLexer.WS) {
                long newlines = t.getText().chars().filter(c -> c == '\n').count();
                out.append(newlines == 0 ? " ".repeat(1 + random.nextInt(3))
                        : newlines == 1 ? "\t\n  ".substring(random.nextInt(2))
                        : "\n \n\n".substring(random.nextInt(2)));
            } else {
                boolean glued = previous != null && previous.getType() != NNLexer.WS
                        && previous.getType() != NNLexer.LINE_COMMENT;
                if (glued && random.nextBoolean() && canSeparate(previous, t)) {
                    out.append(' ');
                }
                out.append(t.getText());
            }
            previous = t;
        }
        return out.toString();
    }

    /** A space between two glued tokens keeps its meaning except around comments' edges. */
    private static boolean canSeparate(Token a, Token b) {
        return a.getChannel() == Token.DEFAULT_CHANNEL && b.getChannel() == Token.DEFAULT_CHANNEL;
    }

    private static void assertSameTokensAndComments(String before, String after) {
        assertEquals(significant(before), significant(after),
                "formatting changed more than whitespace");
    }

    private static List<String> significant(String text) {
        return Parser.tokens(text).stream().filter(t -> t.getType() != NNLexer.WS)
                .map(t -> t.getType() == NNLexer.LINE_COMMENT ? t.getText().stripTrailing()
                        : t.getText().replace("\r\n", "\n"))
                .toList();
    }
}

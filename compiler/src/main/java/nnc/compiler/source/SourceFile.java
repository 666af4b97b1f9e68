package nnc.compiler.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The text of one {@code .nn} file and the name it is reported under.
 *
 * @param displayName the path as the user wrote it, used in messages
 * @param path        where it lives, or {@code null} for text that has no file (tests, editors)
 * @param text        the whole source
 */
public record SourceFile(String displayName, Path path, String text) {

    /** The largest source read: far above any real model, it stops a wrong file early. */
    public static final int MAX_BYTES = 16 << 20;

    /** Thrown by {@link #read} for a file larger than {@link #MAX_BYTES}. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(Path path) {
            super(path + " is larger than " + (MAX_BYTES >> 20) + " MB");
        }
    }

    /**
     * Reads a file (or a pipe) of at most {@link #MAX_BYTES}; the caller reports an
     * {@link IOException} as a usage error.
     */
    public static SourceFile read(Path path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new TooLarge(path);
        }
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        // A byte-order mark some editors write is not part of the model.
        return new SourceFile(path.toString(), path,
                text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** Source text that has no file behind it. */
    public static SourceFile of(String name, String text) {
        return new SourceFile(name, null, text);
    }

    /** The text of 1-based {@code line}, without its line break; empty when out of range. */
    public String line(int line) {
        List<String> lines = text.lines().toList();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    /** Folder that relative paths in the file are resolved against. */
    public Path baseDir() {
        if (path == null) {
            return Path.of("").toAbsolutePath();
        }
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** Hex SHA-256 of the text: identifies the model a checkpoint was trained from. */
    public String sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

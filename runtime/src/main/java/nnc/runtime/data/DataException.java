package nnc.runtime.data;

import java.nio.file.Path;

/**
 * A data file that cannot be used, with a message a person can act on.
 *
 * <p>Messages start with where the problem is, {@code file} or {@code file:line:column}, like a
 * compiler's, so editors and terminals can jump to it:
 * {@code data/x.csv:17:3: column `age` holds `abc`, which is not a number}.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a complete message. */
    public DataException(String message) {
        super(message);
    }

    /** An exception with a complete message and the I/O error behind it. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with a whole file: {@code file: what}. */
    public static DataException in(Path file, String what) {
        return new DataException(file + ": " + what);
    }

    /** A problem at one line of a file: {@code file:line: what}. */
    public static DataException at(Path file, long line, String what) {
        return new DataException(file + ":" + line + ": " + what);
    }

    /** A problem at one cell of a file: {@code file:line:column: what}. */
    public static DataException at(Path file, long line, int column, String what) {
        return new DataException(file + ":" + line + ":" + column + ": " + what);
    }
}

package nnc.runtime.io;

/** A checkpoint that cannot be written, read, or used with a model; the message says why. */
public class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a complete message. */
    public CheckpointException(String message) {
        super(message);
    }

    /** An exception with a complete message and the error behind it. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

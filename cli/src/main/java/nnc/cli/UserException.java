package nnc.cli;

/** A mistake in the user's files or data, already explained by its message: exit code 1. */
final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserException(String message) {
        super(message);
    }
}

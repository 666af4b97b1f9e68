package nnc.runtime;

/** What a sample's target is, as declared by the model's {@code output}. */
public enum TargetKind {
    /** A class index among {@code outputSize} classes (stored as one float per sample). */
    CLASS_INDEX,
    /** A one-hot (or soft) vector over classes, {@code outputSize} floats per sample. */
    ONE_HOT,
    /** Values in [0, 1] per output unit (binary labels, masks for Dice). */
    BINARY,
    /** Real numbers per output unit. */
    REGRESSION
}

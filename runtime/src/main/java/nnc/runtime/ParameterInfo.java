package nnc.runtime;

/**
 * One parameter tensor inside the flat parameter array.
 *
 * @param name    stable name, {@code layer.weight} or {@code layer.bias}
 * @param offset  first index in the flat array
 * @param shape   the tensor's shape (row-major)
 * @param decayed whether l1/l2 regularization applies to it
 */
public record ParameterInfo(String name, int offset, int[] shape, boolean decayed) {
    /** Number of floats. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

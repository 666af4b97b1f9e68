package nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OpsTest {
    private static final float[] SPECIAL = {
        0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC00000),
        Float.intBitsToFloat(0x7FFFFFFF), Float.intBitsToFloat(0x80000001), 2.5f, -3.75f
    };

    @Test
    void ifPositiveIsTheConditionalBitForBit() {
        for (float c : SPECIAL) {
            for (float a : SPECIAL) {
                for (float b : SPECIAL) {
                    check(c, a, b);
                }
            }
        }
        Random r = new Random(7);
        for (int i = 0; i < 1_000_000; i++) {
            check(Float.intBitsToFloat(r.nextInt()), Float.intBitsToFloat(r.nextInt()),
                    Float.intBitsToFloat(r.nextInt()));
        }
    }

    private static void check(float c, float a, float b) {
        float expected = c > 0f ? a : b;
        assertEquals(Float.floatToRawIntBits(expected),
                Float.floatToRawIntBits(Ops.ifPositive(c, a, b)),
                () -> "ifPositive(" + c + ", " + a + ", " + b + ")");
    }

    @Test
    void softmaxExpIsWithinAboutOneUlpOfExp() {
        // Every 97th float from -0 down to -87, and the ends.
        double worst = 0;
        int from = Float.floatToRawIntBits(-0f);
        int to = Float.floatToRawIntBits(-87f);
        for (int bits = from; bits <= to; bits += 97) {
            worst = Math.max(worst, ulps(Float.intBitsToFloat(bits)));
        }
        worst = Math.max(worst, ulps(-87f));
        assertTrue(worst <= 1.05, "max error " + worst + " ulp");
        assertEquals(1f, Ops.expNonPositive(0f));
        assertEquals(1f, Ops.expNonPositive(-0f));
        assertEquals(0f, Ops.expNonPositive(-87.01f));
        assertEquals(0f, Ops.expNonPositive(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(Ops.expNonPositive(Float.NaN)));
    }

    private static double ulps(float x) {
        double exact = Math.exp(x);
        return Math.abs(Ops.expNonPositive(x) - exact) / Math.ulp((float) exact);
    }

    @Test
    void softmaxMatchesDoublePrecision() {
        Random r = new Random(3);
        int n = 200;
        int m = 10;
        float[] x = new float[n * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * (i % 7 == 0 ? 40 : 4));
        }
        x[5] = Float.NEGATIVE_INFINITY;
        float[] y = new float[x.length];
        Ops.softmax(x, 0, y, 0, n, m);
        for (int row = 0; row < n; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                max = Math.max(max, x[row * m + c]);
            }
            double sum = 0;
            for (int c = 0; c < m; c++) {
                sum += Math.exp(x[row * m + c] - max);
            }
            for (int c = 0; c < m; c++) {
                double shifted = x[row * m + c] - max;
                double expected = Math.exp(shifted) / sum;
                float got = y[row * m + c];
                // x - max rounds to a float first: an error of |x - max| * 2^-24 in the exponent.
                double tolerance = shifted == Double.NEGATIVE_INFINITY ? 0
                        : expected * (1e-6 + 1.2e-7 * Math.abs(shifted)) + 1e-37;
                assertEquals(expected, got, tolerance, "row " + row + ", column " + c);
            }
        }
        // In place, as generated code calls it.
        Ops.softmax(x, 0, x, 0, n, m);
        assertEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(x));
    }
}

package nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

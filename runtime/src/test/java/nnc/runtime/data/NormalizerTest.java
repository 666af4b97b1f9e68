package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import nnc.runtime.DataConfig.Normalize;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static Dataset rows(float... x) {
        return new Dataset("rows", x, new int[] {2}, null, 0);
    }

    @Test
    void minMaxMapsTrainingRangeToUnitInterval() {
        Normalizer n = Normalizer.fit(Normalize.MINMAX, rows(0, 10, 5, 20, 10, 30));
        assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f, 1, 1},
                n.apply(rows(0, 10, 5, 20, 10, 30)).features());
        // Other data is scaled with the training statistics, not its own.
        assertArrayEquals(new float[] {2, -0.5f}, n.apply(rows(20, 0)).features());
    }

    @Test
    void standardGivesZeroMeanUnitDeviation() {
        Normalizer n = Normalizer.fit(Normalize.STANDARD, rows(1, 2, 3, 2, 5, 2));
        float[] out = n.apply(rows(1, 2, 3, 2, 5, 2)).features();
        double mean = (out[0] + out[2] + out[4]) / 3;
        double var = (out[0] * out[0] + out[2] * out[2] + out[4] * out[4]) / 3 - mean * mean;
        assertEquals(0, mean, 1e-6);
        assertEquals(1, var, 1e-5);
        // The second feature is constant: no division by zero, it becomes 0.
        assertArrayEquals(new float[] {0, 0, 0}, new float[] {out[1], out[3], out[5]});
        assertArrayEquals(new float[] {0, 5}, Normalizer.fit(Normalize.MINMAX, rows(1, 2, 3, 2))
                .apply(rows(1, 7)).features());
    }

    @Test
    void applyDoesNotChangeItsInput() {
        Dataset d = rows(0, 10, 5, 20);
        Normalizer.fit(Normalize.MINMAX, d).apply(d);
        assertArrayEquals(new float[] {0, 10, 5, 20}, d.features());
        assertSame(d, Normalizer.none().apply(d));
    }

    @Test
    void refusesOtherFeatureCount() {
        Normalizer n = Normalizer.fit(Normalize.MINMAX, rows(0, 10, 5, 20));
        Dataset three = new Dataset("three.csv", new float[] {1, 2, 3}, new int[] {3}, null, 0);
        DataException e = assertThrows(DataException.class, () -> n.apply(three));
        assertEquals("three.csv: has 3 features per sample, but the normalizer was fitted on 2",
                e.getMessage());
    }

    @Test
    void roundTripsThroughBytes() throws IOException {
        Normalizer n = Normalizer.fit(Normalize.STANDARD, rows(1, 2, 3, 4, 5, 7));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        n.writeTo(new DataOutputStream(bytes));
        Normalizer back = Normalizer.readFrom(new DataInputStream(
                new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(Normalize.STANDARD, back.kind());
        assertArrayEquals(n.apply(rows(9, 9)).features(), back.apply(rows(9, 9)).features());
    }

    @Test
    void aWidthLargerThanTheBytesThatFollowIsDamageNotAnAllocation() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(Normalize.MINMAX.ordinal());
        out.writeInt(Integer.MAX_VALUE);
        out.writeFloat(0f);
        out.writeFloat(1f);
        IOException e = assertThrows(IOException.class, () -> Normalizer.readFrom(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertEquals("the normalizer declares 2147483647 features, more than the file holds",
                e.getMessage());
    }
}

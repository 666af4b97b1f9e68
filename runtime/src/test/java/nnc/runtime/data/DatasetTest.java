package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import nnc.runtime.TargetKind;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Ten samples of two features (i, 10 i) and class i % 3. */
    static Dataset ten() {
        float[] x = new float[20];
        float[] y = new float[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i % 3;
        }
        return new Dataset("ten", x, new int[] {2}, y, 1);
    }

    @Test
    void splitIsDeterministicDisjointAndComplete() {
        Dataset.Split a = ten().split(0.3, 7);
        Dataset.Split b = ten().split(0.3, 7);
        assertEquals(7, a.train().size());
        assertEquals(3, a.validation().size());
        assertArrayEquals(a.validation().features(), b.validation().features());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {a.train(), a.validation()}) {
            for (int i = 0; i < part.size(); i++) {
                float id = part.features()[2 * i];
                assertEquals(10 * id, part.features()[2 * i + 1]);
                assertEquals(id % 3, part.targets()[i]);
                seen.add(id);
            }
        }
        assertEquals(10, seen.size());
        boolean differs = false;
        for (long seed = 8; seed < 20 && !differs; seed++) {
            differs = !Arrays.equals(a.validation().features(),
                    ten().split(0.3, seed).validation().features());
        }
        assertTrue(differs, "another seed should choose other rows");
    }

    @Test
    void splitOfZeroKeepsEverything() {
        Dataset d = ten();
        Dataset.Split s = d.split(0, 1);
        assertEquals(d, s.train());
        assertNull(s.validation());
    }

    @Test
    void gatherCopiesRowsInOrder() {
        float[] in = new float[6];
        float[] t = new float[3];
        ten().gather(new int[] {9, 4, 0, 2}, 1, 3, in, t);
        assertArrayEquals(new float[] {4, 40, 0, 0, 2, 20}, in);
        assertArrayEquals(new float[] {1, 0, 2}, t);
        ten().gather(null, 7, 2, in, t);
        assertArrayEquals(new float[] {7, 70, 8, 80}, Arrays.copyOf(in, 4));
    }

    @Test
    void convertsIndicesToOneHotAndBack() {
        Dataset oneHot = ten().forModel(TargetKind.ONE_HOT, 3);
        assertEquals(3, oneHot.targetSize());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                Arrays.copyOf(oneHot.targets(), 9));
        Dataset back = oneHot.forModel(TargetKind.CLASS_INDEX, 3);
        assertArrayEquals(ten().targets(), back.targets());
    }

    @Test
    void refusesRegressionWidthMismatch() {
        DataException e = assertThrows(DataException.class,
                () -> ten().forModel(TargetKind.REGRESSION, 2));
        assertEquals("ten: has 1 target value per sample, but the model has 2 outputs",
                e.getMessage());
    }

    @Test
    void refusesBinaryTargetOutsideZeroOne() {
        DataException e = assertThrows(DataException.class,
                () -> ten().forModel(TargetKind.BINARY, 1));
        assertEquals("ten: sample 3: target 2 is not between 0 and 1, as a binary target must be",
                e.getMessage());
    }
}

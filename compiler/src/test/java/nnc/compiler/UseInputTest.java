package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nnc.runtime.Model;
import nnc.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * {@code Model.useInput}: training on runs of rows read straight from the caller's array gives
 * the parameters that copying each batch into the input buffer gives, the array is not written,
 * {@code predict} leaves the setting alone, and bad offsets and batches are refused by name.
 */
class UseInputTest {

    private static final int BATCH = 64;
    private static final int BATCHES = 4;

    private static Model model() {
        Compiler.Result r = TestFiles.compile(TestFiles.ROOT.resolve("models/breast_cancer.nn"));
        Model m = TestFiles.instantiate(r, BATCH);
        m.seedTraining(7);
        return m;
    }

    /** Rows for every batch after {@code skip} leading floats, and class indices. */
    private static float[][] data(Model m, int skip) {
        Rng rng = new Rng(5);
        float[] x = new float[skip + BATCH * BATCHES * m.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        float[] t = new float[BATCH * BATCHES];
        for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextInt(2);
        }
        return new float[][] {x, t};
    }

    @Test
    void trainingOnTheCallersRowsEqualsTrainingOnCopies() {
        int skip = 3;
        Model copied = model();
        float[][] d = data(copied, skip);
        int in = copied.inputSize();
        for (int b = 0; b < BATCHES; b++) {
            System.arraycopy(d[0], skip + b * BATCH * in, copied.inputBuffer(), 0, BATCH * in);
            System.arraycopy(d[1], b * BATCH, copied.targetBuffer(), 0, BATCH);
            copied.trainStep(BATCH, 1e-3f);
        }
        Model viewed = model();
        float[] before = d[0].clone();
        float[] sample = new float[in];
        float[] out = new float[viewed.outputSize()];
        for (int b = 0; b < BATCHES; b++) {
            viewed.useInput(d[0], skip + b * BATCH * in);
            System.arraycopy(d[1], b * BATCH, viewed.targetBuffer(), 0, BATCH);
            viewed.trainStep(BATCH, 1e-3f);
            // predict goes through the input buffer and leaves the caller's rows in place.
            viewed.predict(sample, out);
        }
        assertArrayEquals(copied.parameters(), viewed.parameters());
        assertArrayEquals(before, d[0], "useInput wrote into the caller's array");

        // A forward pass still reads the caller's rows after predict, and null goes back to the
        // input buffer.
        viewed.useInput(d[0], skip);
        viewed.forward(BATCH, false);
        float[] fromView = viewed.outputBuffer().clone();
        System.arraycopy(d[0], skip, viewed.inputBuffer(), 0, BATCH * in);
        viewed.useInput(null, 0);
        viewed.forward(BATCH, false);
        assertArrayEquals(fromView, viewed.outputBuffer());
    }

    @Test
    void badOffsetsAndBatchesAreRefusedByName() {
        Model m = model();
        float[] rows = new float[10 * m.inputSize()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.useInput(rows, -1));
        assertTrue(e.getMessage().contains("offset -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.useInput(rows, rows.length + 1));
        m.useInput(rows, m.inputSize());
        m.forward(9, false);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(10, false));
        assertEquals("batch of 10 rows from float " + m.inputSize() + " does not fit the "
                + rows.length + " floats given to useInput", e.getMessage());
    }
}

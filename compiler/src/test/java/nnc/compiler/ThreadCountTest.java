package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import nnc.runtime.Model;
import nnc.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * Training gives bit-identical parameters on one and on two threads: the products add up each
 * element in the same order for any split, and the split elementwise loops (at 512 rows, big
 * enough to be split) sum each column on one thread only.
 */
class ThreadCountTest {

    private static float[] train(int threads) {
        Compiler.Result r = TestFiles.compile(TestFiles.ROOT.resolve("models/fashion_mlp.nn"));
        Model m = TestFiles.instantiate(r, 512);
        m.setThreads(threads);
        m.seedTraining(7);
        Rng rng = new Rng(3);
        float[] x = m.inputBuffer();
        float[] t = m.targetBuffer();
        for (int step = 0; step < 5; step++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat();
            }
            for (int i = 0; i < t.length; i++) {
                t[i] = rng.nextInt(m.outputSize());
            }
            m.trainStep(512, 1e-3f);
        }
        m.setThreads(1);
        return m.parameters().clone();
    }

    @Test
    void oneAndTwoThreadsTrainTheSameParameters() {
        assertArrayEquals(train(1), train(2));
    }
}

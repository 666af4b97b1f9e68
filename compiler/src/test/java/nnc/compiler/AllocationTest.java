package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import nnc.runtime.Model;
import nnc.runtime.Rng;
import org.junit.jupiter.api.Test;

/** After warm-up, a training step and a single-sample prediction allocate nothing. */
class AllocationTest {

    private static long allocated() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getCurrentThreadAllocatedBytes();
    }

    @Test
    void trainingStepAndPredictionAllocateNothing() {
        for (String file : new String[] {"models/fashion_mlp.nn", "models/breast_cancer.nn"}) {
            Compiler.Result r = TestFiles.compile(TestFiles.ROOT.resolve(file));
            Model m = TestFiles.instantiate(r, 32);
            m.setThreads(1);
            Rng rng = new Rng(1);
            float[] x = m.inputBuffer();
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat();
            }
            float[] t = m.targetBuffer();
            for (int i = 0; i < t.length; i++) {
                t[i] = rng.nextInt(m.outputSize() == 1 ? 2 : m.outputSize());
            }
            float[] sample = new float[m.inputSize()];
            float[] out = new float[m.outputSize()];
            for (int i = 0; i < 3000; i++) {
                m.trainStep(32, 1e-3f);
                m.predict(sample, out);
            }
            // Measured in rounds until one allocates nothing, at least 60 and for up to 10
            // seconds: when a call takes a branch C2 had left out (other tests in this JVM ran
            // other shapes through the same kernels), or reaches a method C2 has not compiled
            // yet, that method runs unoptimized, and allocates, until C2 has compiled it, which
            // can wait behind other compilations. An allocation in the step itself shows in
            // every round, and fails.
            long bytes = -1;
            long start = System.nanoTime();
            for (int round = 0; bytes != 0
                    && (round < 60 || System.nanoTime() - start < 10_000_000_000L); round++) {
                long baseline = allocated();
                baseline = allocated() - baseline;
                long before = allocated();
                for (int i = 0; i < 50; i++) {
                    m.trainStep(32, 1e-3f);
                    m.predict(sample, out);
                }
                // At least zero: the pair that measures the baseline can count bytes the
                // measured steps do not (seen in the kernel tests on JDK 25).
                bytes = Math.max(0, allocated() - before - baseline);
            }
            assertEquals(0, bytes, file + ": bytes allocated by 50 steps and predictions");
        }
    }
}

package nnc.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import nnc.runtime.kernels.Act;
import nnc.runtime.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the gemm kernels on the shapes of the benchmark MLP's first layer
 * (784 inputs, 256 units): the forward pass with its fused bias + ReLU epilogue, the weight
 * gradient (transposed A) and the input gradient (transposed B). Each operation is
 * {@code 2 * batch * 784 * 256} floating-point operations, so GFLOP/s = ops/s * that / 1e9.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/nnc-bench.jar KernelsBench \
 *     -p batch=32,128,1024 -p threads=1,2
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelsBench {
    private static final int IN = 784;
    private static final int OUT = 256;

    @Param({"32", "128", "1024"})
    public int batch;
    @Param({"1"})
    public int threads;

    private Kernels kernels;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] y;
    private float[] dy;
    private float[] dw;
    private float[] dx;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = new Kernels(threads);
        Random r = new Random(1);
        x = fill(new float[batch * IN], r);
        w = fill(new float[IN * OUT], r);
        bias = fill(new float[OUT], r);
        y = new float[batch * OUT];
        dy = fill(new float[batch * OUT], r);
        dw = new float[IN * OUT];
        dx = new float[batch * IN];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    private static float[] fill(float[] a, Random r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }

    /** {@code y = relu(x·W + b)}: the forward pass with its fused epilogue. */
    @Benchmark
    public float forward() {
        kernels.gemm(false, false, batch, OUT, IN, x, 0, IN, w, 0, OUT, 0f, y, 0, OUT,
                bias, 0, Act.RELU, 0f);
        return y[0];
    }

    /** {@code dW = xᵀ·dy}: the weight gradient. */
    @Benchmark
    public float weightGradient() {
        kernels.gemm(true, false, IN, OUT, batch, x, 0, IN, dy, 0, OUT, 0f, dw, 0, OUT);
        return dw[0];
    }

    /** {@code dx = dy·Wᵀ}: the input gradient. */
    @Benchmark
    public float inputGradient() {
        kernels.gemm(false, true, batch, IN, OUT, dy, 0, OUT, w, 0, OUT, 0f, dx, 0, IN);
        return dx[0];
    }
}

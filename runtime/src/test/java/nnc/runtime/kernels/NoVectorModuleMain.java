package nnc.runtime.kernels;

/** Run by {@link KernelsTest} in a JVM without the Vector API module. */
public final class NoVectorModuleMain {
    private NoVectorModuleMain() {
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            System.out.println("the vector module is present; this check needs it absent");
            System.exit(2);
        }
        try (Kernels k = new Kernels(2)) {
            int m = 70;
            int n = 90;
            int kk = 300;
            float[] a = new float[m * kk];
            float[] b = new float[kk * n];
            float[] c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (i % 7) * 0.25f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (i % 5) * 0.5f;
            }
            k.gemm(false, false, m, n, kk, a, 0, kk, b, 0, n, 0f, c, 0, n, null, 0, Act.RELU, 0f);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < kk; p++) {
                        s += (double) a[i * kk + p] * b[p * n + j];
                    }
                    if (Math.abs(s - c[i * n + j]) > 1e-3 * (1 + Math.abs(s))) {
                        System.out.println("wrong at " + i + "," + j + ": " + c[i * n + j] + " vs " + s);
                        System.exit(1);
                    }
                }
            }
            System.out.println(k.implementation() + " ok");
        }
    }
}

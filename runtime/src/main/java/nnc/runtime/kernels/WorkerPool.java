package nnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run one task at a time together with the calling thread.
 *
 * <p>Starting a task allocates nothing: the caller publishes the task and bumps a ticket on each
 * worker it needs; workers spin briefly after each task (training calls gemm back to back) and
 * then park until woken. Not for use by several calling threads at once.
 */
final class WorkerPool {
    /** Work that part {@code part} of {@code parts} runs; part 0 is the calling thread. */
    interface Task {
        void run(int part);
    }

    /** How long an idle worker spins for the next task before parking. */
    private static final long SPIN_NANOS = 1_000_000L;

    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean shutdown;
    private volatile Task task;
    private volatile Throwable failure;

    /** A pool of {@code extraThreads} workers (the caller is the remaining one). */
    WorkerPool(int extraThreads) {
        workers = new Worker[extraThreads];
        for (int i = 0; i < extraThreads; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** Workers plus the caller. */
    int size() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task} as parts {@code 0 .. parts-1}: part 0 on the caller, the others on
     * workers 1 .. parts-1. Returns when all are done; rethrows a worker's failure.
     */
    void run(Task task, int parts) {
        if (parts <= 1) {
            task.run(0);
            return;
        }
        if (parts > size()) {
            throw new IllegalArgumentException("parts " + parts + " > threads " + size());
        }
        this.task = task;
        pending.set(parts - 1);
        for (int i = 0; i < parts - 1; i++) {
            Worker w = workers[i];
            w.ticket++;
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        Throwable mine = null;
        try {
            task.run(0);
        } catch (Throwable e) {
            mine = e;
        }
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins < 1 << 14) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable theirs = failure;
        failure = null;
        rethrow(mine != null ? mine : theirs);
    }

    private static void rethrow(Throwable e) {
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the workers and waits for them to end. */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.thread.isAlive()) {
                try {
                    w.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Worker implements Runnable {
        final int part;
        final Thread thread;
        /** Bumped by the caller for each task this worker is to run a part of. */
        volatile int ticket;
        volatile boolean parked;

        Worker(int part) {
            this.part = part;
            this.thread = new Thread(this, "nnc-kernels-" + part);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            int done = 0;
            while (await(done)) {
                done = ticket;
                try {
                    task.run(part);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }

        /** Waits until the ticket moves past {@code done}; false on shutdown. */
        private boolean await(int done) {
            long start = System.nanoTime();
            while (ticket == done) {
                if (shutdown) {
                    return false;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (ticket == done && !shutdown) {
                    LockSupport.park(this);
                }
                parked = false;
            }
            return !shutdown;
        }
    }
}

package dev.dmapworkbook.localcloud.lambda;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The execution environments of one function version: at most {@code maxWorkers} JVMs, warm ones reused
 * most-recently-used first (so the rest go idle and exit), at most {@code queueLimit} invocations waiting for one,
 * beyond which Lambda throttles. A retired pool (code or configuration changed) hands out no more workers and
 * kills each one as it comes back.
 */
final class WorkerPool {
    /** Starts a worker for this pool's function version. */
    interface Launcher {
        Worker launch(WorkerPool pool) throws IOException;
    }

    /** Thrown to a waiter when its pool was retired while it waited: it should try the current pool. */
    static final class Retired extends RuntimeException {
        Retired() {
            super(null, null, false, false);
        }
    }

    final FunctionConfig fn;
    private final int maxWorkers;
    private final java.util.function.IntSupplier queueLimit;
    private final String throttleReason;
    private final Launcher launcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Deque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> all = new HashSet<>();
    private int starting;
    private int waiting;
    private boolean retired;

    WorkerPool(FunctionConfig fn, int maxWorkers, java.util.function.IntSupplier queueLimit, String throttleReason, Launcher launcher) {
        this.fn = fn;
        this.maxWorkers = maxWorkers;
        this.queueLimit = queueLimit;
        this.throttleReason = throttleReason;
        this.launcher = launcher;
    }

    /** Runs the invocation on a warm worker, a new one, or after waiting for one; throttles when the queue is full. */
    Worker.Result invoke(PendingInvocation p, long initLimitMs, boolean unboundedQueue) {
        while (true) {
            Worker worker = acquire(unboundedQueue);
            Worker.Result result;
            try {
                result = worker.invoke(p, initLimitMs);
            } finally {
                release(worker);
            }
            if (result.outcome().kind() != Outcome.Kind.UNDELIVERED) {
                return result;
            }
            p = new PendingInvocation(p.requestId, p.payload, p.clientContext);
        }
    }

    private Worker acquire(boolean unboundedQueue) {
        Worker idleWorker = idleOrStartSlot(unboundedQueue);
        return idleWorker != null ? idleWorker : launch();
    }

    /**
     * An idle live worker, else null once a slot to start one is taken; waits while every slot is busy, and throttles
     * when too many callers wait already (unless {@code unboundedQueue}).
     */
    private Worker idleOrStartSlot(boolean unboundedQueue) {
        lock.lock();
        try {
            while (true) {
                if (retired) {
                    throw new Retired();
                }
                Worker worker;
                while ((worker = idle.pollFirst()) != null) {
                    if (worker.alive()) {
                        return worker;
                    }
                    all.remove(worker);
                }
                if (all.size() + starting < maxWorkers) {
                    starting++;
                    return null;
                }
                if (!unboundedQueue && waiting >= queueLimit.getAsInt()) {
                    throw LambdaError.throttled(throttleReason);
                }
                waiting++;
                try {
                    available.awaitUninterruptibly();
                } finally {
                    waiting--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts a worker in the slot {@link #idleOrStartSlot} took; the slot is given back either way. */
    private Worker launch() {
        Worker worker = null;
        try {
            worker = launcher.launch(this);
            return worker;
        } catch (IOException e) {
            throw LambdaError.SERVICE.exception("The local cloud could not start a worker JVM for " + fn.name() + ": " + e.getMessage());
        } finally {
            lock.lock();
            try {
                starting--;
                if (worker != null) {
                    all.add(worker);
                }
                available.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    private void release(Worker worker) {
        lock.lock();
        try {
            if (worker.alive() && !retired) {
                idle.addFirst(worker);
            } else {
                all.remove(worker);
                worker.kill();
            }
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Called when a worker's process ends on its own (crash, exit, kill). */
    void exited(Worker worker) {
        lock.lock();
        try {
            all.remove(worker);
            idle.remove(worker);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Ends idle workers that have waited longer than {@code idleNanos}. */
    void reap(long idleNanos) {
        List<Worker> expired;
        lock.lock();
        try {
            long now = System.nanoTime();
            expired = idle.stream().filter(w -> now - w.idleSince > idleNanos).toList();
            idle.removeAll(expired);
            all.removeAll(expired);
        } finally {
            lock.unlock();
        }
        expired.forEach(Worker::kill);
    }

    /** No more invocations here: idle workers end now, busy ones when they finish; waiters move to the new pool. */
    void retire() {
        List<Worker> idleNow;
        lock.lock();
        try {
            retired = true;
            idleNow = List.copyOf(idle);
            idle.clear();
            all.removeAll(idleNow);
            available.signalAll();
        } finally {
            lock.unlock();
        }
        idleNow.forEach(Worker::kill);
    }

    /** Kills every worker, busy or not (the local cloud is closing). */
    void killAll() {
        List<Worker> workers;
        lock.lock();
        try {
            retired = true;
            workers = List.copyOf(all);
            all.clear();
            idle.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        workers.forEach(Worker::kill);
    }

    int liveWorkers() {
        lock.lock();
        try {
            return (int) all.stream().filter(Worker::alive).count();
        } finally {
            lock.unlock();
        }
    }
}

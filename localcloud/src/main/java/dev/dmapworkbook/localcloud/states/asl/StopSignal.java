package dev.dmapworkbook.localcloud.states.asl;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a running execution (or a part of it: an inline Map's iterations, a Parallel's branches) to stop.
 * Listeners run once, on the thread that stops it. A child signal stops when its parent does.
 */
public final class StopSignal {
    private final List<Runnable> listeners = new ArrayList<>();
    private volatile boolean stopped;

    public boolean stopped() {
        return stopped;
    }

    public void stop() {
        List<Runnable> toRun;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            toRun = new ArrayList<>(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Runs {@code listener} when stopped (at once if already stopped); the returned action unregisters it. */
    public Runnable onStop(Runnable listener) {
        synchronized (this) {
            if (!stopped) {
                listeners.add(listener);
                return () -> {
                    synchronized (this) {
                        listeners.remove(listener);
                    }
                };
            }
        }
        listener.run();
        return () -> {
        };
    }

    /** How many hooks wait for a stop (an ended execution must leave none: they would keep its data alive). */
    synchronized int listenerCount() {
        return listeners.size();
    }

    /** A signal that stops with this one and can also be stopped on its own. */
    public StopSignal child() {
        StopSignal child = new StopSignal();
        onStop(child::stop);
        return child;
    }
}

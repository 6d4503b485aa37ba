package dev.dmapworkbook.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The peak heap in use in this JVM while it is open: sampled every millisecond, and the heap just before each
 * collection (from the collectors' notifications), where the true peaks are. (The pools' own peak usage is no
 * help: G1 updates it only at collections.)
 */
final class HeapPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener listener = this::onGc;
    private volatile boolean open = true;
    private final Thread sampler;

    HeapPeak() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        sample();
        sampler = new Thread(() -> {
            while (open) {
                sample();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Heap in use now, allocation regions included (unlike the memory pools' figures, which G1 updates lazily). */
    static long used() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private void sample() {
        peak.accumulateAndGet(used(), Math::max);
    }

    private void onGc(Notification notification, Object handback) {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long before = info.getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                    .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            peak.accumulateAndGet(before, Math::max);
        }
    }

    /** Stops watching; the peak in bytes. */
    long stop() throws InterruptedException {
        open = false;
        sampler.join();
        sample();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

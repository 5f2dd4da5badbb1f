package io.saturdayzoo.asl.execution;

import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;

/**
 * A Map's MaxConcurrency: at most that many items run at once (0 is no bound), and on the virtual clock a queued
 * item starts when the earliest running one would have freed its slot.
 */
final class ConcurrencySlots {
    private final int max;
    private final Semaphore slots;
    private final PriorityQueue<Instant> freeAt = new PriorityQueue<>();

    ConcurrencySlots(int max) {
        this.max = max;
        this.slots = new Semaphore(max > 0 ? max : Integer.MAX_VALUE);
    }

    /** Waits for a free slot; returns the virtual time item {@code index} starts at, no earlier than {@code now}. */
    Instant acquire(int index, Instant now) {
        slots.acquireUninterruptibly();
        synchronized (freeAt) {
            if (max > 0 && index >= max && !freeAt.isEmpty()) {
                Instant free = freeAt.poll();
                return free.isAfter(now) ? free : now;
            }
        }
        return now;
    }

    /** The item that held a slot ended at {@code end} (virtual time). */
    void release(Instant end) {
        synchronized (freeAt) {
            freeAt.add(end);
        }
        slots.release();
    }

    /** A slot acquired for an item that was never started. */
    void releaseUnused() {
        slots.release();
    }
}

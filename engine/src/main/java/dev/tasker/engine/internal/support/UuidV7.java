package dev.tasker.engine.internal.support;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time-ordered UUIDs (RFC 9562 version 7) from the engine clock, so ids sort by creation. Ids made in
 * the same millisecond stay in order through a 12-bit counter in {@code rand_a} (RFC 9562 §6.2, method 1),
 * started at a random value in its lower half each millisecond; when it runs out, or the clock steps
 * back, the timestamp moves on by one millisecond rather than give an id that sorts before the last.
 * Stores list a task's steps by creation time and then id, so without this the steps a task creates in
 * one millisecond would come back in random order.
 */
public final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COUNTER_MAX = 0xFFF;
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static long lastMillis = -1;
    private static int counter;

    private UuidV7() {}

    public static UUID next(InstantSource clock) {
        long millis = clock.millis();
        long stamp;
        int sequence;
        LOCK.lock();
        try {
            if (millis > lastMillis) {
                lastMillis = millis;
                counter = RANDOM.nextInt((COUNTER_MAX + 1) / 2);
            } else if (++counter > COUNTER_MAX) {
                lastMillis++;
                counter = 0;
            }
            stamp = lastMillis;
            sequence = counter;
        } finally {
            LOCK.unlock();
        }
        long high = (stamp << 16) | 0x7000L | sequence;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}

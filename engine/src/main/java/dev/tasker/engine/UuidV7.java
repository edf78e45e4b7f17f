package dev.tasker.engine;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;

/** Time-ordered UUIDs (RFC 9562 version 7) from the engine clock, so ids sort by creation. */
final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();

    private UuidV7() {
    }

    static UUID next(InstantSource clock) {
        long millis = clock.millis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFF);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}

package dev.tasker.engine.internal.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The identity hashes the loop knows, so that concurrent duplicate submits become one task even before
 * the first is committed: those of live tasks, and a bounded window of recently finished ones (older
 * duplicates are found in the database by the submitting thread, and the unique index is the last guard).
 */
public final class Identities {
    private static final int RECENT = 100_000;

    private final Map<String, UUID> live = new HashMap<>();
    private final Map<String, UUID> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
            return size() > RECENT;
        }
    };

    UUID find(String hash) {
        UUID id = live.get(hash);
        return id != null ? id : recent.get(hash);
    }

    void live(String hash, UUID task) {
        live.put(hash, task);
    }

    void finished(String hash, UUID task) {
        if (hash != null && live.remove(hash, task)) {
            recent.put(hash, task);
        }
    }

    /** Forgets every finished task's identity (some were deleted); live tasks are never deleted. */
    void forgetFinished() {
        recent.clear();
    }

    void forget(String hash, UUID task) {
        if (hash != null) {
            live.remove(hash, task);
        }
    }
}

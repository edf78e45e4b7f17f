package dev.tasker.bench.peers;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Completion signals for the peers, which have no handle to await: the harness registers a unit of work's
 * id before submitting it, and the unit's last step (D) fires the signal when its handler runs. (The engine
 * is awaited through its own {@code TaskHandle}, which returns after D's completion is committed, so the
 * peers' figures stop the clock slightly earlier than the engine's.)
 */
final class Signals {
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final Set<String> fired = ConcurrentHashMap.newKeySet();

    PeerSystem.Completion register(String id) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (pending.putIfAbsent(id, f) != null) {
            throw new IllegalStateException("unit of work " + id + " registered twice");
        }
        return timeout -> {
            try {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                pending.remove(id);
            }
        };
    }

    /**
     * D of unit {@code id} ran; a signal nobody waits for is ignored. D running twice for one unit is a fault
     * of the harness's DAG (a join counted wrongly) and fails the step.
     */
    void fire(String id) {
        if (!fired.add(id)) {
            throw new IllegalStateException("the last step of " + id + " ran twice");
        }
        CompletableFuture<Void> f = pending.get(id);
        if (f != null) {
            f.complete(null);
        }
    }
}

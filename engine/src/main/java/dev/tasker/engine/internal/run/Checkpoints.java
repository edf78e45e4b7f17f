package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.internal.support.Json;
import java.time.Instant;

/**
 * The stored checkpoint JSON (reference §4.4): {@code {cursor, items_processed, accumulated_results,
 * timestamp, count, history[]}}, with the history bounded (a deliberate fix: the reference's grows forever).
 */
public final class Checkpoints {
    private Checkpoints() {}

    static ObjectNode next(JsonNode previous, Outcome.Yielded y, Instant now, int historyLimit) {
        ObjectNode c = Json.object();
        c.set("cursor", y.cursor());
        c.put("items_processed", y.itemsProcessed());
        c.set("accumulated_results", y.accumulated());
        c.put("timestamp", now.toString());
        int count = previous == null ? 1 : previous.path("count").asInt(0) + 1;
        c.put("count", count);
        ArrayNode history = c.putArray("history");
        JsonNode old = previous == null ? null : previous.get("history");
        if (old != null && old.isArray()) {
            int skip = Math.max(0, old.size() + 1 - historyLimit);
            for (int i = skip; i < old.size(); i++) {
                history.add(old.get(i));
            }
        }
        if (historyLimit > 0) {
            ObjectNode entry = history.addObject();
            entry.set("cursor", y.cursor());
            entry.put("items_processed", y.itemsProcessed());
            entry.put("timestamp", now.toString());
        }
        return c;
    }
}

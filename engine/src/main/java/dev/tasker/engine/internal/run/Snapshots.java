package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.internal.support.Json;
import java.time.Instant;

/** A task snapshot as JSON (for DLQ entries and the command line), instants as ISO-8601 text. */
public final class Snapshots {
    private Snapshots() {}

    static ObjectNode toJson(TaskSnapshot t) {
        ObjectNode n = Json.object();
        n.put("task_id", t.taskId().toString());
        n.put("namespace", t.namespace());
        n.put("name", t.name());
        n.put("version", t.version());
        n.put("state", t.state().wireName());
        n.put("priority", t.priority());
        n.put("correlation_id", t.correlationId());
        time(n, "created_at", t.createdAt());
        time(n, "completed_at", t.completedAt());
        n.set("context", t.context());
        ArrayNode steps = n.putArray("steps");
        for (StepSnapshot s : t.steps()) {
            ObjectNode sn = steps.addObject();
            sn.put("name", s.name());
            sn.put("state", s.state().wireName());
            sn.put("attempts", s.attempts());
            sn.put("max_attempts", s.maxAttempts());
            time(sn, "last_attempted_at", s.lastAttemptedAt());
            time(sn, "next_attempt_at", s.nextAttemptAt());
            time(sn, "completed_at", s.completedAt());
            sn.set("result", s.result());
            sn.set("error", s.error());
        }
        return n;
    }

    private static void time(ObjectNode n, String field, Instant at) {
        if (at == null) {
            n.putNull(field);
        } else {
            n.put(field, at.toString());
        }
    }
}

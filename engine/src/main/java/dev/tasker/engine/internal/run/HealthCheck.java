package dev.tasker.engine.internal.run;

import dev.tasker.engine.TaskerHealth;
import dev.tasker.engine.TaskerHealth.Part;
import dev.tasker.engine.TaskerHealth.Status;
import dev.tasker.engine.internal.background.BackgroundLoop;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link TaskerHealth} from what the loop, the membership and the background loops already know: no
 * database round trip. The rule that maps the parts to their status is documented on {@link TaskerHealth}.
 */
final class HealthCheck {
    private final EngineLoop loop;
    private final Membership membership;
    private final List<BackgroundLoop> background;
    private final InstantSource clock;

    HealthCheck(EngineLoop loop, Membership membership, List<BackgroundLoop> background, InstantSource clock) {
        this.loop = loop;
        this.membership = membership;
        this.background = background;
        this.clock = clock;
    }

    TaskerHealth check() {
        Instant now = clock.instant();
        @Nullable Instant failingSince = loop.writesFailingSince();
        return TaskerHealth.of(
                now,
                List.of(
                        loop(now, failingSince != null),
                        commit(now, loop.lastCommit()),
                        store(now, failingSince),
                        lease(now, membership.leaseUntil()),
                        handlers(loop.stuckHandlers()),
                        background(loop.stats().loopErrors())));
    }

    private Part loop(Instant now, boolean retrying) {
        if (!loop.running()) {
            return new Part(TaskerHealth.LOOP, Status.DOWN, "the engine loop is not running");
        }
        if (retrying) {
            return new Part(TaskerHealth.LOOP, Status.UP, "running; retrying a commit the database refused");
        }
        Duration since = Duration.between(loop.lastCycle(), now);
        if (since.toSeconds() > TaskerHealth.LOOP_STALL_SECONDS) {
            return new Part(TaskerHealth.LOOP, Status.DOWN, "the engine loop began no cycle for " + ago(since) + " s");
        }
        return new Part(TaskerHealth.LOOP, Status.UP, "running; last cycle " + ago(since) + " s ago");
    }

    private static Part commit(Instant now, @Nullable Instant last) {
        return new Part(
                TaskerHealth.COMMIT,
                Status.UP,
                last == null ? "no commit yet" : "last commit " + ago(Duration.between(last, now)) + " s ago");
    }

    private static Part store(Instant now, @Nullable Instant failingSince) {
        if (failingSince != null) {
            return new Part(
                    TaskerHealth.STORE,
                    Status.DOWN,
                    "the database refuses writes for " + ago(Duration.between(failingSince, now))
                            + " s; the engine retries (see the log)");
        }
        return new Part(TaskerHealth.STORE, Status.UP, "the last write succeeded (or none was needed)");
    }

    private static Part lease(Instant now, Optional<Instant> until) {
        if (until.isEmpty()) {
            return new Part(TaskerHealth.LEASE, Status.UP, "one engine alone: no lease");
        }
        Instant u = until.get();
        if (u.equals(Instant.MIN)) {
            return new Part(TaskerHealth.LEASE, Status.DOWN, "no valid lease: the node is fenced out or not joined");
        }
        if (!now.isBefore(u)) {
            return new Part(
                    TaskerHealth.LEASE,
                    Status.DOWN,
                    "the lease ran out " + ago(Duration.between(u, now))
                            + " s ago: other nodes may take this node's tasks");
        }
        return new Part(TaskerHealth.LEASE, Status.UP, "lease valid for " + ago(Duration.between(now, u)) + " s more");
    }

    private static Part handlers(List<String> stuck) {
        if (stuck.isEmpty()) {
            return new Part(TaskerHealth.HANDLERS, Status.UP, "no handler stuck");
        }
        return new Part(
                TaskerHealth.HANDLERS,
                Status.DEGRADED,
                stuck.size() + " handler(s) ignored their interruption at the timeout and have not returned: "
                        + String.join(", ", stuck));
    }

    private Part background(Map<String, Long> errors) {
        List<String> failing = new ArrayList<>();
        for (BackgroundLoop l : background) {
            if (l.failing()) {
                failing.add(l.name());
            }
        }
        List<String> counts = new ArrayList<>();
        errors.forEach((name, n) -> {
            if (n > 0) {
                counts.add(name + " " + n);
            }
        });
        String total = counts.isEmpty() ? "no failed round" : "failed rounds since the start: " + counts;
        if (!failing.isEmpty()) {
            return new Part(TaskerHealth.BACKGROUND, Status.DEGRADED, "last round failed: " + failing + "; " + total);
        }
        return new Part(TaskerHealth.BACKGROUND, Status.UP, total);
    }

    private static long ago(Duration d) {
        return Math.max(0, d.toSeconds());
    }
}

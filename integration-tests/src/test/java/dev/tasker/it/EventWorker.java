package dev.tasker.it;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A second JVM for {@link DomainEventTest}: runs the domain-event fixture on an H2 file with no durable
 * subscriber (so its durable event stays in the outbox), says so, and waits to be killed. Arg: folder.
 */
public final class EventWorker {
    private EventWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (Tasker tasker = EventHandlers.register(Tasker.builder().jdbcUrl(url(dir)), Map::copyOf)
                .build()) {
            var h = tasker.submit(TaskRequest.of(
                    EventHandlers.NS,
                    EventHandlers.NAME,
                    EventHandlers.context(UUID.randomUUID().toString())));
            h.await(Duration.ofSeconds(60));
            CrashWorker.say("COMPLETED " + h.taskId());
            new CountDownLatch(1).await();
        }
    }

    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("events").toAbsolutePath();
    }
}

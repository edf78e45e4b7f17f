package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine alone on its database: it resumes every unfinished task at its start, and shares nothing. */
public final class SingleNode implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(SingleNode.class);
    private static final int RECOVERY_CHUNK = 500;

    private final WorkflowStore store;
    private final LiveTasks loop;

    public SingleNode(WorkflowStore store, LiveTasks loop) {
        this.store = store;
        this.loop = loop;
    }

    @Override
    public long epoch() {
        return Command.Recover.ANY_EPOCH;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public int start() {
        List<UUID> ids = store.unfinishedTaskIds();
        int resumed = 0;
        for (int i = 0; i < ids.size(); i += RECOVERY_CHUNK) {
            List<StoredTask> chunk = store.loadTasks(ids.subList(i, Math.min(ids.size(), i + RECOVERY_CHUNK)));
            CompletableFuture<Integer> ack = new CompletableFuture<>();
            loop.post(new Command.Recover(chunk, Command.Recover.ANY_EPOCH, ack));
            resumed += Engine.join(ack, "resuming unfinished tasks");
        }
        if (!ids.isEmpty()) {
            LOG.info("resumed {} of {} unfinished task(s)", resumed, ids.size());
        }
        return resumed;
    }

    @Override
    public int maxOwnedTasks() {
        return 0;
    }

    @Override
    public void taskLeft() {}

    @Override
    public void announce(WriteBatch batch, boolean workQueued, Collection<UUID> settled, Collection<UUID> nudged) {}

    @Override
    public void fence(WriteBatch batch) {}

    @Override
    public void rejoin() {}

    @Override
    public Optional<String> ownerElsewhere(UUID taskId) {
        return Optional.empty();
    }

    @Override
    public void requestCancel(UUID taskId, String who, String why) {
        throw new IllegalStateException("one engine alone runs no task elsewhere");
    }

    @Override
    public CompletableFuture<Void> settledSignal(UUID taskId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void forgetWait(UUID taskId, CompletableFuture<Void> signal) {}

    @Override
    public void stopClaiming() {}

    @Override
    public void close() {}
}

package dev.tasker.bench.peers;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.h2.H2StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr (open source): every step is a job, and each job enqueues its successors with
 * {@code JobScheduler.enqueue} from inside itself (job continuations, {@code continueWith}, are JobRunr Pro
 * only). The diamond's D is joined like db-scheduler's: a join row created by A and counted down by B and
 * C. JobRunr's SQL stores refuse a poll interval under 5 s, so a job enqueued from outside a worker waits
 * up to 5 s for the next poll; a worker that falls idle looks for enqueued work at once.
 */
final class JobRunrSystem implements PeerSystem {
    static final String VERSION = "8.7.0";
    private static final int WORKERS = 10;

    private final Store store;
    private final HikariDataSource pool;
    private final AtomicLong ids = new AtomicLong();
    private final JobScheduler scheduler;

    JobRunrSystem(Store store) throws SQLException {
        this.store = store;
        this.pool = store.pool(WORKERS + 4);
        Store.createJoinTable(pool);
        StorageProvider storage = store.kind() == Store.Kind.H2
                ? new H2StorageProvider(pool, DatabaseOptions.CREATE)
                : new PostgresStorageProvider(pool, DatabaseOptions.CREATE);
        this.scheduler = JobRunr.configure()
                .useJsonMapper(new JacksonJsonMapper())
                .useStorageProvider(storage)
                .useBackgroundJobServer(usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(WORKERS)
                        .andPollInterval(Duration.ofSeconds(5)))
                .initialize()
                .getJobScheduler();
        Steps.scheduler = scheduler;
        Steps.pool = pool;
        Steps.signals = new Signals();
    }

    @Override
    public String name() {
        return "JobRunr " + VERSION;
    }

    @Override
    public String store() {
        return store.label();
    }

    @Override
    public String notes() {
        return "a job per step, enqueuing its successors from inside the job; join row counted down by B and C; "
                + WORKERS + " workers, 5 s poll (the smallest its SQL stores accept)";
    }

    @Override
    public Completion linear() {
        String id = "L" + ids.incrementAndGet();
        Completion c = Steps.signals.register(id);
        scheduler.enqueue(() -> Steps.l1(id));
        return c;
    }

    @Override
    public Completion diamond() {
        String id = "D" + ids.incrementAndGet();
        Completion c = Steps.signals.register(id);
        scheduler.enqueue(() -> Steps.da(id));
        return c;
    }

    /** {@code JobScheduler.enqueue(Stream, lambda)}: JobRunr saves the chunk's jobs in batches. */
    @Override
    public java.util.List<Completion> diamonds(int n, int chunk) {
        java.util.List<Completion> submitted = new java.util.ArrayList<>(n);
        for (int from = 0; from < n; from += chunk) {
            java.util.List<String> chunkIds = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(n, from + chunk); i++) {
                String id = "D" + ids.incrementAndGet();
                submitted.add(Steps.signals.register(id));
                chunkIds.add(id);
            }
            scheduler.enqueue(chunkIds.stream(), id -> Steps.da(id));
        }
        return submitted;
    }

    @Override
    public String bulkNotes() {
        return "JobScheduler.enqueue(Stream<String>, JobLambdaFromStream) per chunk";
    }

    @Override
    public void close() {
        JobRunr.destroy();
        pool.close();
    }

    /**
     * The jobs. JobRunr records a job as a call of a method with its arguments and runs it by reflection,
     * so the steps are static methods reaching the run's scheduler, pool and signals through static fields.
     */
    public static final class Steps {
        static volatile JobScheduler scheduler;
        static volatile HikariDataSource pool;
        static volatile Signals signals;

        private Steps() {}

        public static void l1(String id) {
            scheduler.enqueue(() -> l2(id));
        }

        public static void l2(String id) {
            scheduler.enqueue(() -> l3(id));
        }

        public static void l3(String id) {
            scheduler.enqueue(() -> l4(id));
        }

        public static void l4(String id) {
            signals.fire(id);
        }

        public static void da(String id) throws SQLException {
            Store.insertJoin(pool, id);
            scheduler.enqueue(() -> db(id));
            scheduler.enqueue(() -> dc(id));
        }

        public static void db(String id) throws SQLException {
            join(id);
        }

        public static void dc(String id) throws SQLException {
            join(id);
        }

        private static void join(String id) throws SQLException {
            if (Store.countDownJoin(pool, id)) {
                scheduler.enqueue(() -> dd(id));
            }
        }

        public static void dd(String id) {
            signals.fire(id);
        }
    }
}

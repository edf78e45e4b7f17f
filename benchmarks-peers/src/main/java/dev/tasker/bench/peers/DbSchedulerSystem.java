package dev.tasker.bench.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * db-scheduler: every step is a one-time task whose execution schedules its successors through the
 * scheduler client (immediate execution on, so a task due now is picked without waiting for the poll). The
 * diamond's A creates a join row; B and C count it down and the one that reaches zero schedules D (a
 * second connection, not one transaction with the step's completion: db-scheduler has no join of its own).
 */
final class DbSchedulerSystem implements PeerSystem {
    static final String VERSION = "16.7.1";
    private static final int THREADS = 10;

    private final Store store;
    private final HikariDataSource pool;
    private final Signals signals = new Signals();
    private final AtomicLong ids = new AtomicLong();
    private final OneTimeTask<Void> l1;
    private final OneTimeTask<Void> da;
    private final Scheduler scheduler;

    DbSchedulerSystem(Store store) throws SQLException {
        this.store = store;
        this.pool = store.pool(THREADS + 4);
        createTables();
        OneTimeTask<Void> l4 = Tasks.oneTime("l4").execute((inst, ctx) -> signals.fire(inst.getId()));
        OneTimeTask<Void> l3 = next("l3", l4);
        OneTimeTask<Void> l2 = next("l2", l3);
        this.l1 = next("l1", l2);
        OneTimeTask<Void> dd = Tasks.oneTime("dd").execute((inst, ctx) -> signals.fire(inst.getId()));
        OneTimeTask<Void> db = join("db", dd);
        OneTimeTask<Void> dc = join("dc", dd);
        this.da = Tasks.oneTime("da").execute((inst, ctx) -> {
            try {
                Store.insertJoin(pool, inst.getId());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            SchedulerClient client = ctx.getSchedulerClient();
            client.schedule(db.instance(inst.getId()), Instant.now());
            client.schedule(dc.instance(inst.getId()), Instant.now());
        });
        var builder = Scheduler.create(pool, List.of(l1, l2, l3, l4, da, db, dc, dd))
                .threads(THREADS)
                .pollingInterval(Duration.ofMillis(100))
                .enableImmediateExecution();
        if (store.kind() == Store.Kind.POSTGRES) {
            // The strategy db-scheduler recommends for throughput where SELECT ... FOR UPDATE SKIP LOCKED works.
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        this.scheduler = builder.build();
        scheduler.start();
    }

    private static OneTimeTask<Void> next(String name, OneTimeTask<Void> successor) {
        return Tasks.oneTime(name)
                .execute((inst, ctx) ->
                        ctx.getSchedulerClient().schedule(successor.instance(inst.getId()), Instant.now()));
    }

    private OneTimeTask<Void> join(String name, OneTimeTask<Void> end) {
        return Tasks.oneTime(name).execute((inst, ctx) -> {
            try {
                if (Store.countDownJoin(pool, inst.getId())) {
                    ctx.getSchedulerClient().schedule(end.instance(inst.getId()), Instant.now());
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** db-scheduler's table as its documentation gives it for each database; it does not create it. */
    private void createTables() throws SQLException {
        boolean h2 = store.kind() == Store.Kind.H2;
        String text = h2 ? "varchar(255)" : "text";
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table scheduled_tasks (task_name " + text + " not null, task_instance " + text
                    + " not null, task_data " + (h2 ? "varbinary(1000000)" : "bytea")
                    + ", execution_time timestamp with time zone not null, picked boolean not null,"
                    + " picked_by " + text + ", last_success timestamp with time zone,"
                    + " last_failure timestamp with time zone, consecutive_failures int,"
                    + " last_heartbeat timestamp with time zone, version bigint not null, priority smallint,"
                    + " primary key (task_name, task_instance))");
            s.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
            s.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
            s.execute(
                    "create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
        }
        Store.createJoinTable(pool);
    }

    @Override
    public String name() {
        return "db-scheduler " + VERSION;
    }

    @Override
    public String store() {
        return store.label();
    }

    @Override
    public String notes() {
        return "one-time task per step, each scheduling its successors; join row counted down by B and C; "
                + THREADS + " threads, immediate execution, 100 ms polling"
                + (store.kind() == Store.Kind.POSTGRES ? ", lock-and-fetch" : ", fetch-and-lock-on-execute");
    }

    @Override
    public Completion linear() {
        String id = "L" + ids.incrementAndGet();
        Completion c = signals.register(id);
        scheduler.schedule(l1.instance(id), Instant.now());
        return c;
    }

    @Override
    public Completion diamond() {
        String id = "D" + ids.incrementAndGet();
        Completion c = signals.register(id);
        scheduler.schedule(da.instance(id), Instant.now());
        return c;
    }

    /** {@code SchedulerClient.scheduleBatch}: the chunk's executions inserted as one JDBC batch. */
    @Override
    public java.util.List<Completion> diamonds(int n, int chunk) {
        java.util.List<Completion> submitted = new java.util.ArrayList<>(n);
        for (int from = 0; from < n; from += chunk) {
            java.util.List<com.github.kagkarlsson.scheduler.task.TaskInstance<?>> instances =
                    new java.util.ArrayList<>();
            for (int i = from; i < Math.min(n, from + chunk); i++) {
                String id = "D" + ids.incrementAndGet();
                submitted.add(signals.register(id));
                instances.add(da.instance(id));
            }
            scheduler.scheduleBatch(instances, Instant.now());
        }
        return submitted;
    }

    @Override
    public String bulkNotes() {
        return "SchedulerClient.scheduleBatch(List<TaskInstance>, Instant) per chunk";
    }

    @Override
    public void close() {
        scheduler.stop();
        pool.close();
    }
}

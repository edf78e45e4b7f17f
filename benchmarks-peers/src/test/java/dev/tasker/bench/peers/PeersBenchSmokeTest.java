package dev.tasker.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each system runs both workloads with a handful of units, so the harness (the DAG each peer is given, its
 * join, the completion signals) is known to work; the figures themselves are not checked. PostgreSQL runs
 * when TASKER_TEST_POSTGRES_URL is set, and fails when that database cannot be reached.
 */
class PeersBenchSmokeTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private PeersBench tiny(Set<String> systems, Set<String> stores) {
        PeersBench bench = new PeersBench(new PrintStream(printed, true, StandardCharsets.UTF_8));
        bench.warmup = 0;
        bench.warmupSeconds = 0;
        bench.chunk = 2;
        bench.tasks = 3;
        bench.diamondWarmup = 0;
        bench.diamonds = 5;
        bench.jobrunrTasks = 1;
        bench.systems = systems;
        bench.stores = stores;
        return bench;
    }

    @Test
    void the_engine_db_scheduler_and_jobrunr_run_both_workloads_on_h2() throws Exception {
        PeersBench bench = tiny(Set.of(PeersBench.TASKER, PeersBench.DB_SCHEDULER, PeersBench.JOBRUNR), Set.of("h2"));
        List<PeersBench.Row> rows = bench.run();
        assertMeasured(rows, 3, List.of("tasker", "db-scheduler", "JobRunr"));
    }

    @Test
    void the_engine_db_scheduler_and_dbos_run_both_workloads_on_postgres() throws Exception {
        String url = System.getenv("TASKER_TEST_POSTGRES_URL");
        assumeTrue(url != null, "TASKER_TEST_POSTGRES_URL is not set");
        PeersBench bench =
                tiny(Set.of(PeersBench.TASKER, PeersBench.DB_SCHEDULER, PeersBench.DBOS), Set.of("postgres"));
        bench.postgres = url;
        List<PeersBench.Row> rows = bench.run();
        assertMeasured(rows, 3, List.of("tasker", "db-scheduler", "DBOS"));
        assertTrue(rows.stream().allMatch(r -> r.store().startsWith("PostgreSQL")), rows.toString());
    }

    private void assertMeasured(List<PeersBench.Row> rows, int count, List<String> names) {
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(count, rows.size(), output);
        for (int i = 0; i < count; i++) {
            PeersBench.Row row = rows.get(i);
            assertTrue(row.system().startsWith(names.get(i)), row.system());
            Figures f = row.figures();
            assertNull(f.error(), () -> row.system() + " failed: " + f.error() + "\n" + output);
            assertTrue(f.linearTasks() > 0 && f.p50Ms() > 0 && f.p99Ms() >= f.p50Ms(), f.toString());
            assertEquals(5, f.diamonds());
            assertTrue(f.submitSeconds() > 0 && f.wallSeconds() >= f.submitSeconds(), f.toString());
            assertTrue(
                    f.batchedSubmitSeconds() > 0 && f.batchedWallSeconds() >= f.batchedSubmitSeconds(), f.toString());
        }
        String table = Table.render(rows);
        for (String name : names) {
            assertTrue(table.contains(name), table);
        }
    }
}

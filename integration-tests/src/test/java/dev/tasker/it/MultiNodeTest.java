package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §6, several nodes: engines in separate JVMs ({@link ClusterWorker}) on one PostgreSQL schema.
 * Every handler execution is logged per node before it works, so the test can count who ran what.
 */
class MultiNodeTest {
    private static final String[] STEPS = {
        "diamond_start_py", "diamond_branch_b_py", "diamond_branch_c_py", "diamond_end_py"
    };

    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Node n : nodes) {
            n.process.destroy();
        }
        for (Node n : nodes) {
            if (!n.process.waitFor(30, TimeUnit.SECONDS)) {
                n.process.destroyForcibly();
            }
        }
    }

    @Test
    void two_nodes_share_1000_diamond_tasks_each_step_running_once() throws Exception {
        Node b = start("node-b", 0, 20, 10_000, 5);
        b.awaitLine(l -> l.equals("READY"));
        // Node a submits every task but owns at most 20 at once: the rest wait in the queue for either node.
        // Each step works 5 ms, so that tasks arrive faster than one node finishes them.
        Node a = start("node-a", 1_000, 20, 10_000, 5);
        List<UUID> submitted = a.submitted();
        assertEquals(1_000, submitted.size());
        awaitAllComplete(1_000, Duration.ofMinutes(4));

        Map<String, Integer> runsPerNode = new HashMap<>();
        Map<String, Integer> runsPerAttempt = new HashMap<>();
        for (String node : List.of("node-a", "node-b")) {
            for (String line : executions(node)) {
                runsPerNode.merge(node, 1, Integer::sum);
                runsPerAttempt.merge(line, 1, Integer::sum);
            }
        }
        runsPerAttempt.forEach((attempt, runs) -> assertEquals(1, runs, attempt + " ran on one node, once"));
        try (WorkflowStore store = openStore()) {
            List<StoredTask> tasks = store.loadTasks(submitted);
            assertEquals(1_000, tasks.size());
            for (StoredTask t : tasks) {
                assertEquals(TaskState.COMPLETE, t.task().state());
                for (StepRow s : t.steps()) {
                    assertEquals(StepState.COMPLETE, s.state());
                    assertEquals(1, s.attempts(), "no step of an undisturbed run needed a second attempt");
                    assertEquals(
                            1,
                            runsPerAttempt.getOrDefault(t.task().taskId() + " " + s.name() + " 1", 0),
                            s.name() + " of " + t.task().taskId() + " ran exactly once");
                }
                assertDiamondResult(store, t);
            }
        }
        assertEquals(4_000, runsPerAttempt.size());
        int shareA = runsPerNode.getOrDefault("node-a", 0);
        int shareB = runsPerNode.getOrDefault("node-b", 0);
        System.out.println("[MultiNodeTest] step runs: node-a " + shareA + ", node-b " + shareB);
        assertTrue(
                shareA >= 800 && shareB >= 800,
                "both nodes did a real share (at least a fifth each) of the 4,000 step runs: node-a " + shareA
                        + ", node-b " + shareB);
    }

    @Test
    void when_a_node_is_killed_the_survivor_takes_over_after_the_lease_and_no_completed_step_reruns() throws Exception {
        int tasks = 300;
        Node b = start("node-b", 0, 100, 2_000, 20);
        b.awaitLine(l -> l.equals("READY"));
        Node a = start("node-a", tasks, 100, 2_000, 20);
        List<UUID> submitted = a.submitted();
        // Kill node-a once it has run 150 steps: with 20 ms of work per step it has steps running then.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> executions("node-a").size() >= 150);
        a.expectedAlive = false;
        a.process.destroyForcibly();
        assertTrue(a.process.waitFor(30, TimeUnit.SECONDS));
        assertFalse(a.process.isAlive());
        awaitAllComplete(tasks, Duration.ofMinutes(3));

        Map<String, Integer> runs = new HashMap<>();
        Map<String, Integer> runsPerAttempt = new HashMap<>();
        for (String node : List.of("node-a", "node-b")) {
            for (String line : executions(node)) {
                String[] p = line.split(" ");
                runs.merge(p[0] + " " + p[1], 1, Integer::sum);
                runsPerAttempt.merge(line, 1, Integer::sum);
            }
        }
        runsPerAttempt.forEach((attempt, n) -> assertEquals(1, n, attempt + " ran on one node, once"));
        int takenOver = 0;
        try (WorkflowStore store = openStore()) {
            List<StoredTask> stored = store.loadTasks(submitted);
            assertEquals(tasks, stored.size());
            for (StoredTask t : stored) {
                assertEquals(TaskState.COMPLETE, t.task().state());
                List<StepTransitionRow> audit = store.stepTransitions(t.task().taskId());
                for (StepRow step : t.steps()) {
                    List<StepTransitionRow> completions = audit.stream()
                            .filter(r -> r.stepId().equals(step.stepId()) && r.toState() == StepState.COMPLETE)
                            .toList();
                    assertEquals(1, completions.size(), step.name() + " completed once");
                    assertEquals(
                            step.attempts(),
                            completions.get(0).attempt(),
                            step.name() + " completed on its last attempt: it never ran after completing");
                    int n = runs.getOrDefault(t.task().taskId() + " " + step.name(), 0);
                    // One counted attempt may never have run: the kill can land between the commit of a claim
                    // and the handler's first line.
                    assertTrue(
                            n >= 1 && n <= step.attempts() && step.attempts() <= n + 1,
                            step.name() + " of "
                                    + t.task().taskId() + ": every execution is a counted attempt (" + n + " runs, "
                                    + step.attempts() + " attempts)");
                    if (step.attempts() > 1) {
                        takenOver++;
                    }
                }
                assertDiamondResult(store, t);
            }
        }
        assertTrue(takenOver > 0, "steps running on the killed node ran again on the survivor, counted");
    }

    private static void assertDiamondResult(WorkflowStore store, StoredTask t) {
        int n = evenNumberOf(t);
        double expected = (3.0 * n * n + 25) / 2;
        StepRow end = t.steps().stream()
                .filter(s -> s.name().equals("diamond_end_py"))
                .findFirst()
                .orElseThrow();
        String json = t.results().stream()
                .filter(r -> r.stepId().equals(end.stepId()))
                .findFirst()
                .orElseThrow()
                .resultJson();
        assertTrue(json.contains("\"result\":" + expected), "diamond_end of even_number " + n + ": " + json);
    }

    private static int evenNumberOf(StoredTask t) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(t.task().contextJson())
                    .get("even_number")
                    .asInt();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitAllComplete(int tasks, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Node n : nodes) {
                if (!n.process.isAlive() && n.expectedAlive) {
                    throw new AssertionError(n.name + " died: " + n.stderr());
                }
            }
            return count("SELECT count(*) FROM tasker_tasks WHERE state = 'complete'") == tasks;
        });
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url());
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private WorkflowStore openStore() {
        return new JdbcWorkflowStoreProvider().open(new StoreConfig(null, database.url(), null, null, 2, null));
    }

    private List<String> executions(String node) throws IOException {
        Path log = dir.resolve("executions-" + node + ".log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private Node start(String name, int submit, int maxOwned, long leaseMillis, long workMillis) throws IOException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dtasker.conformance.dir=" + Conformance.dir(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ClusterWorker.class.getName(),
                        database.url(),
                        name,
                        dir.toString(),
                        String.valueOf(submit),
                        String.valueOf(maxOwned),
                        String.valueOf(leaseMillis),
                        String.valueOf(workMillis))
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
        Node n = new Node(name, p, dir.resolve(name + ".err"));
        nodes.add(n);
        Thread.ofVirtual().start(n::pump);
        return n;
    }

    /** A child JVM and what it printed. */
    private static final class Node {
        final String name;
        final Process process;
        final Path err;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        volatile boolean expectedAlive = true;

        Node(String name, Process process, Path err) {
            this.name = name;
            this.process = process;
            this.err = err;
        }

        String awaitLine(Predicate<String> wanted) throws InterruptedException {
            while (true) {
                String line = lines.poll(90, TimeUnit.SECONDS);
                assertNotNull(line, () -> name + " stopped talking; stderr: " + stderr());
                if (line.startsWith("EOF")) {
                    throw new AssertionError(name + " exited; stderr: " + stderr());
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        List<UUID> submitted() throws InterruptedException {
            List<UUID> ids = new ArrayList<>();
            String line;
            while (!(line = awaitLine(l -> l.startsWith("SUBMITTED ") || l.equals("ALL_SUBMITTED")))
                    .equals("ALL_SUBMITTED")) {
                ids.add(UUID.fromString(line.substring(10).trim()));
            }
            return ids;
        }

        String stderr() {
            try {
                String all = Files.readString(err);
                return all.length() > 4_000 ? all.substring(all.length() - 4_000) : all;
            } catch (IOException e) {
                return e.toString();
            }
        }

        void pump() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed
            }
            lines.add("EOF");
        }
    }
}

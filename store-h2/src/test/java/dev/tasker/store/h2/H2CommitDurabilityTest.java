package dev.tasker.store.h2;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain H2 (no engine) killed with SIGKILL while four threads commit and the file compaction runs beside
 * them: with {@link H2Dialect#afterCommit} after each commit, every commit acknowledged before the kill is
 * in the file afterwards. Without it H2 2.5.252 loses the last acknowledged commits in a few percent of
 * kills (DESIGN.md, "H2 and kill -9"); to see that, run
 * {@code mvn -pl store-h2 -am verify -Dtest=H2CommitDurabilityTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtasker.h2kill.fix=false -Dtasker.h2kill.kills=200}: the test then fails and counts the losses.
 */
class H2CommitDurabilityTest {
    private static final int KILLS = Integer.getInteger("tasker.h2kill.kills", 12);
    private static final boolean FIX = Boolean.parseBoolean(System.getProperty("tasker.h2kill.fix", "true"));
    private static final int WRITERS = Integer.getInteger("tasker.h2kill.writers", 4);
    private static final int RETENTION = Integer.getInteger("tasker.h2kill.retention", -1);
    private static final boolean COMPACT = Boolean.parseBoolean(System.getProperty("tasker.h2kill.compact", "true"));

    @Test
    void everyAcknowledgedCommitSurvivesSigkill(@TempDir Path directory) throws Exception {
        killRepeatedly(directory, KILLS, 0);
    }

    /**
     * The same with a writer of 30,000-row transactions (about 35 MiB, more than H2 stores part-way on its own,
     * so with {@link StoreWriteBuffer} they are stored once, at their commit) beside the four: every
     * acknowledged batch is there whole after each kill, and no batch is there in part.
     */
    @Test
    void largeBatchesSurviveSigkillWholeOrNotAtAll(@TempDir Path directory) throws Exception {
        killRepeatedly(directory, Integer.getInteger("tasker.h2kill.bigKills", 6), BIG_ROWS);
    }

    private static final int BIG_ROWS = 30_000;

    private void killRepeatedly(Path directory, int kills, int bigRows) throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("kill") + ";WRITE_DELAY=0";
        Path log = directory.resolve("acked.log");
        Random random = new Random(Long.getLong("tasker.h2kill.seed", System.nanoTime()));
        List<String> losses = new ArrayList<>();
        int killsWithLoss = 0;
        long acknowledged = 0;
        Set<String> lostBefore = new HashSet<>();
        List<String> partial = new ArrayList<>();
        for (int kill = 0; kill < kills; kill++) {
            long bigBefore = bigLines(log);
            // beside a large writer the small ones commit in the gaps between its batches and the compaction
            int extra = 1 + random.nextInt(bigRows > 0 ? 100 : 1_500);
            try (ChildJvm child = ChildJvm.start(
                    H2KillChild.class,
                    directory.resolve("child.log"),
                    url,
                    log.toString(),
                    Integer.toString(WRITERS),
                    Boolean.toString(COMPACT),
                    Boolean.toString(FIX),
                    Integer.toString(RETENTION),
                    Integer.toString(bigRows))) {
                if (bigRows > 0 && kill % 2 == 0) { // every other kill comes after a large batch was acknowledged
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(2))
                            .failFast(
                                    "the child JVM ended (see its log " + directory.resolve("child.log") + ")",
                                    () -> !child.alive())
                            .until(() -> bigLines(log) > bigBefore);
                }
                long target = lines(log).size() + extra;
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(2))
                        .failFast(
                                "the child JVM ended (see its log " + directory.resolve("child.log") + ")",
                                () -> !child.alive())
                        .until(() -> lines(log).size() >= target);
                child.kill();
                child.awaitExit();
            }
            List<String> acked = lines(log);
            acknowledged = acked.size();
            Set<String> stored = stored(url);
            if (bigRows > 0) {
                java.util.Map<String, Integer> batches = batches(url);
                batches.forEach((batch, rows) -> {
                    if (rows != bigRows) {
                        partial.add(batch + " has " + rows + " of " + bigRows + " rows");
                    }
                });
                stored.addAll(
                        batches.keySet().stream().map(batch -> "big:" + batch).toList());
            }
            List<String> lost = acked.stream()
                    .filter(id -> !stored.contains(id) && !lostBefore.contains(id))
                    .toList();
            if (!lost.isEmpty()) {
                killsWithLoss++;
                losses.add("kill " + (kill + 1) + ": " + lost.size() + " lost, e.g. " + lost.getLast());
                lostBefore.addAll(lost);
            }
        }
        long bigAcknowledged = bigLines(log);
        String summary = kills + " kills, " + acknowledged + " acknowledged commits, " + WRITERS
                + " writers, compaction " + (COMPACT ? "on" : "off") + ", retention "
                + (RETENTION < 0 ? "H2's default" : RETENTION + " ms") + ", fix " + (FIX ? "on" : "off")
                + (bigRows > 0 ? ", " + bigAcknowledged + " acknowledged batches of " + bigRows + " rows" : "") + ": "
                + killsWithLoss + " kill(s) lost "
                + lostBefore.size() + " acknowledged commit(s) "
                + losses;
        System.out.println("H2 kill -9: " + summary);
        assertTrue(acknowledged > kills, "the child must have committed: " + summary);
        assertEquals(0, killsWithLoss, summary);
        assertEquals(List.of(), partial, "batches stored in part: " + summary);
        if (bigRows > 0) {
            assertTrue(bigAcknowledged > 0, "the large writer must have committed: " + summary);
        }
    }

    /** The complete lines of the side log (a line cut by the kill is not an acknowledgement). */
    private static List<String> lines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    /** The acknowledged large batches in the side log. */
    private static long bigLines(Path log) throws IOException {
        return lines(log).stream().filter(line -> line.startsWith("big:")).count();
    }

    /** Rows per batch in {@code big}. */
    private static java.util.Map<String, Integer> batches(String url) throws SQLException {
        java.util.Map<String, Integer> batches = new java.util.HashMap<>();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT batch, COUNT(*) FROM big GROUP BY batch")) {
            while (rows.next()) {
                batches.put(rows.getString(1), rows.getInt(2));
            }
        }
        return batches;
    }

    private static Set<String> stored(String url) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM acked")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}

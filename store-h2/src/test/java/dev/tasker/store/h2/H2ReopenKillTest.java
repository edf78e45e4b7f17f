package dev.tasker.store.h2;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Plain H2 killed with SIGKILL again and again, each child JVM opening the file the previous kill left (no
 * clean close in between, as when engines crash one after the other) and killed after a few commits. After each
 * kill a COPY of the file is opened to check that every acknowledged commit is in it, so the parent never
 * repairs the file the next child opens. Without {@link StoreHeader#catchUp} H2 2.5.252 reopens at a chunk
 * written before the space reuse and loses every commit of the killed child; to see it, run
 * {@code mvn -pl store-h2 -am verify -Dtest=H2ReopenKillTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtasker.h2reopen.fix=false}. See DESIGN.md, "H2 and kill -9".
 */
class H2ReopenKillTest {
    private static final int KILLS = Integer.getInteger("tasker.h2reopen.kills", 25);
    /** 0 by default: chunk space is reused from the first kill on, not only once the file is 45 s old. */
    private static final int RETENTION = Integer.getInteger("tasker.h2reopen.retention", 0);

    private static final boolean HOLD = Boolean.parseBoolean(System.getProperty("tasker.h2reopen.hold", "true"));
    private static final boolean FIX = Boolean.parseBoolean(System.getProperty("tasker.h2reopen.fix", "true"));
    private static final int EARLY_KILL_MS = Integer.getInteger("tasker.h2reopen.earlyms", 1200);
    private static final int MAX_COMMITS = Integer.getInteger("tasker.h2reopen.commits", 10);

    @Test
    void acknowledgedCommitsSurviveKillsOfEnginesThatOpenedACrashedFile(@TempDir Path directory) throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("kill") + ";WRITE_DELAY=0";
        Path log = directory.resolve("acked.log");
        long seed = Long.getLong("tasker.h2reopen.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> losses = new ArrayList<>();
        Set<String> lost = new HashSet<>();
        int killsWithLoss = 0;
        int acknowledged = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            int target = lines(log).size() + random.nextInt(MAX_COMMITS + 1);
            boolean early = random.nextInt(4) == 0; // a kill at a random time, maybe while H2 opens the file
            Duration delay = Duration.ofMillis(random.nextInt(EARLY_KILL_MS));
            try (ChildJvm child = ChildJvm.start(
                    H2ReopenKillChild.class,
                    directory.resolve("child.log"),
                    url,
                    log.toString(),
                    Boolean.toString(HOLD),
                    Boolean.toString(FIX),
                    Integer.toString(RETENTION))) {
                if (early) { // not a wait for a condition: the kill lands at a random moment of the child's start
                    await().pollDelay(delay).atMost(delay.plusSeconds(60)).until(() -> true);
                } else {
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(1))
                            .failFast(
                                    "the child JVM ended (see its log " + directory.resolve("child.log") + ")",
                                    () -> !child.alive())
                            .until(() -> !child.lines().isEmpty() && lines(log).size() >= target);
                }
                child.kill();
                child.awaitExit();
            }
            List<String> acked = lines(log);
            acknowledged = acked.size();
            Set<String> stored = storedInCopy(directory);
            List<String> missing = acked.stream()
                    .filter(id -> !stored.contains(id) && !lost.contains(id))
                    .toList();
            if (!missing.isEmpty()) {
                killsWithLoss++;
                losses.add("kill " + (kill + 1) + ": " + missing.size() + " lost " + missing);
                lost.addAll(missing);
            }
        }
        String summary = KILLS + " kills (seed " + seed + "), " + acknowledged + " acknowledged commits, hold " + HOLD
                + ", retention " + (RETENTION < 0 ? "H2's default" : RETENTION + " ms") + ", fix " + FIX + ": "
                + killsWithLoss + " kill(s) lost " + lost.size() + " " + losses;
        System.out.println("H2 reopen kill -9: " + summary);
        assertTrue(acknowledged > 0, "the children must have committed: " + summary);
        assertEquals(0, killsWithLoss, summary);
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

    /** The ids in a copy of the file, opened and dropped, so that the file the next child opens stays as the kill left it. */
    private static Set<String> storedInCopy(Path directory) throws IOException, SQLException {
        Path copy = directory.resolve("check.mv.db");
        if (!Files.exists(directory.resolve("kill.mv.db"))) {
            return Set.of(); // killed before H2 created the file
        }
        Files.copy(directory.resolve("kill.mv.db"), copy, StandardCopyOption.REPLACE_EXISTING);
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + directory.resolve("check"));
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id FROM acked")) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            } catch (SQLException e) {
                // killed before the child created the table: nothing acknowledged yet (H2 says 42104 when
                // the file holds no table at all, 42102 otherwise)
                if (e.getErrorCode() != org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1
                        && e.getErrorCode() != org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1) {
                    throw e;
                }
            }
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
                throw e;
            }
        }
        Files.deleteIfExists(copy);
        return ids;
    }
}

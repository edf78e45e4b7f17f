package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #11 item 2: an H2 file that went back in time (truncated, rolled back to an older copy, replaced by
 * another store's file) is refused by {@code build()} with a message naming the file, what is missing and
 * how to recover, and is left byte for byte as it was; a normal restart is accepted, and deleting the
 * marker file accepts a damaged file deliberately.
 *
 * <p>The populated store: 150 linear tasks run to completion, the folder is copied (the "older copy"),
 * then 150 more (and one extra) in a second JVM killed with SIGKILL, as in the reported case (a crash
 * leaves the newest chunks at the end of the file, where a cut loses them); another folder holds a small
 * store of its own (the "other store").
 */
class RewoundStoreTest {
    private static final int FIRST = 150;
    private static final int SECOND = 150;
    private static final String MARKER = "db.tasker-generation";

    @TempDir
    static Path shared;

    static Path populated;
    static Path older;
    static Path other;
    static List<UUID> tasks = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void populate() throws Exception {
        populated = Files.createDirectory(shared.resolve("populated"));
        tasks.addAll(run(populated, FIRST));
        older = copyFolder(populated, shared.resolve("older"));
        tasks.addAll(runAndKill(populated, SECOND));
        other = Files.createDirectory(shared.resolve("other"));
        run(other, 5);
    }

    @ParameterizedTest(name = "cut to {0}%")
    @ValueSource(ints = {90, 50, 10})
    void a_truncated_file_is_refused_and_left_untouched(int percent) throws Exception {
        copyFolder(populated, dir);
        Path db = dir.resolve("db.mv.db");
        cut(db, Files.size(db) * percent / 100);

        String message = assertRefused(db);

        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void a_file_with_only_its_last_4_kb_cut_is_refused_and_left_untouched() throws Exception {
        copyFolder(populated, dir);
        Path db = dir.resolve("db.mv.db");
        cut(db, Files.size(db) - 4096);

        assertRefused(db);
    }

    @Test
    void an_older_copy_put_back_is_refused_and_left_untouched() throws Exception {
        copyFolder(populated, dir);
        Path db = dir.resolve("db.mv.db");
        Files.copy(older.resolve("db.mv.db"), db, StandardCopyOption.REPLACE_EXISTING);

        String message = assertRefused(db);

        assertTrue(
                message.matches("(?s).*the file holds generation \\d+ \\(reached [^)]+\\) but the last generation"
                        + " this store reached is \\d+ .*: the file lacks what the store wrote in about \\d+ s after"
                        + " generation \\d+.*"),
                message);
        assertTrue(message.contains("the file holds " + FIRST + " task(s)"), message);
    }

    @Test
    void another_stores_file_is_refused_and_left_untouched() throws Exception {
        copyFolder(populated, dir);
        Path db = dir.resolve("db.mv.db");
        Files.copy(other.resolve("db.mv.db"), db, StandardCopyOption.REPLACE_EXISTING);

        String message = assertRefused(db);

        assertTrue(message.contains("the file belongs to another store"), message);
    }

    @Test
    void a_deleted_file_is_refused_while_its_marker_remains() throws Exception {
        copyFolder(populated, dir);
        Path db = dir.resolve("db.mv.db");
        Files.delete(db);

        StoreException e =
                assertThrows(StoreException.class, () -> builder(dir).build().close());

        assertTrue(e.getMessage().contains("the file does not exist"), e.getMessage());
        assertFalse(Files.exists(db), "no new empty file was created");
    }

    @Test
    void a_normal_restart_is_accepted_and_raises_the_generation() throws Exception {
        copyFolder(populated, dir);
        long before = generation(dir);

        try (Tasker tasker = builder(dir).build()) {
            assertEquals(
                    FIRST + SECOND + 1,
                    tasker.tasks(new TaskQuery(TaskState.COMPLETE, null, null, 1000, 0))
                            .size());
        }

        assertTrue(generation(dir) > before, "raised at open");
        try (Tasker tasker = builder(dir).build()) { // and again
            assertEquals(
                    TaskState.COMPLETE, tasker.task(tasks.get(0)).orElseThrow().state());
        }
    }

    @Test
    void deleting_the_marker_accepts_a_damaged_file_deliberately() throws Exception {
        copyFolder(populated, dir);
        Files.copy(older.resolve("db.mv.db"), dir.resolve("db.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        assertThrows(StoreException.class, () -> builder(dir).build().close());

        Files.delete(dir.resolve(MARKER)); // what the message says to do

        try (Tasker tasker = builder(dir).build()) {
            assertEquals(
                    FIRST,
                    tasker.tasks(new TaskQuery(TaskState.COMPLETE, null, null, 1000, 0))
                            .size());
        }
        assertTrue(Files.exists(dir.resolve(MARKER)), "stamped again");
        builder(dir).build().close(); // and from then on it opens as any store
    }

    /** Builds on the damaged file, expects the refusal, and checks the file did not change by one byte. */
    private String assertRefused(Path db) throws Exception {
        String sha = sha256(db);
        long size = Files.size(db);
        String marker = Files.readString(dir.resolve(MARKER));

        StoreException e =
                assertThrows(StoreException.class, () -> builder(dir).build().close());

        String message = e.getMessage();
        assertTrue(message.contains("Refusing to open the Tasker store " + db.toAbsolutePath()), message);
        assertTrue(message.contains("went back in time"), message);
        assertTrue(message.contains("restore the newest backup"), message);
        assertTrue(
                message.contains("delete the marker file " + dir.resolve(MARKER).toAbsolutePath()), message);
        assertEquals(size, Files.size(db), "size unchanged");
        assertEquals(sha, sha256(db), "the refused file is byte-identical");
        assertEquals(marker, Files.readString(dir.resolve(MARKER)), "the marker is unchanged");
        return message;
    }

    private static TaskerBuilder builder(Path folder) {
        return RewoundStoreWorker.builder(folder);
    }

    private static List<UUID> run(Path folder, int count) {
        try (Tasker tasker = builder(folder).build()) {
            return RewoundStoreWorker.run(tasker, count);
        }
    }

    /**
     * Runs the tasks in a second JVM and kills it with SIGKILL once a generation raise covers them (the
     * raise after its extra task), so that the folder holds what a crash leaves.
     */
    private static List<UUID> runAndKill(Path folder, int count) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dtasker.conformance.dir=" + Conformance.dir(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RewoundStoreWorker.class.getName(),
                        folder.toString(),
                        String.valueOf(count))
                .redirectError(folder.resolveSibling("child.err").toFile())
                .start();
        List<UUID> ids = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            Instant done = null;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("TASK ")) {
                    ids.add(UUID.fromString(line.substring(5)));
                } else if (line.equals("DONE")) {
                    done = Instant.now();
                } else if (line.startsWith("EXTRA ")) {
                    break;
                }
            }
            assertEquals(count, ids.size(), () -> "the child stopped early; stderr: " + childErr(folder));
            Instant after = done;
            await().atMost(Duration.ofSeconds(30)).until(() -> raisedAt(folder).isAfter(after));
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        return ids;
    }

    private static String childErr(Path folder) {
        try {
            return Files.readString(folder.resolveSibling("child.err"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Instant raisedAt(Path folder) throws IOException {
        return Instant.parse(markerValue(folder, "raised_at"));
    }

    private static String markerValue(Path folder, String key) throws IOException {
        return Files.readAllLines(folder.resolve(MARKER)).stream()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow();
    }

    private static long generation(Path folder) throws IOException {
        return Long.parseLong(markerValue(folder, "generation"));
    }

    private static Path copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    private static void cut(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

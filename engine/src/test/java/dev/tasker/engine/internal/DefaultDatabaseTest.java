package dev.tasker.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where an engine given no database keeps its data: properties, then environment, then the user's home. */
class DefaultDatabaseTest {
    private static final String HOME = Path.of("/home/ann").toAbsolutePath().toString();

    private static DefaultDatabase resolve(Map<String, String> properties, Map<String, String> environment) {
        return DefaultDatabase.resolve(properties::get, environment::get, HOME);
    }

    @Test
    void with_nothing_set_it_is_a_file_in_the_users_home_whatever_the_working_directory() {
        DefaultDatabase d = resolve(Map.of(), Map.of());

        assertEquals("jdbc:h2:file:" + Path.of(HOME, ".tasker", "db", "tasker"), d.url());
        assertTrue(d.origin().startsWith("the default location"), d.origin());
    }

    @Test
    void a_folder_comes_from_the_property_before_the_environment() {
        Path folder = Path.of("/srv/app/data").toAbsolutePath();
        assertEquals(
                "jdbc:h2:file:" + folder.resolve("tasker"),
                resolve(Map.of("tasker.db.path", folder.toString()), Map.of("TASKER_DB_PATH", "/elsewhere"))
                        .url());
        assertEquals(
                "jdbc:h2:file:" + folder.resolve("tasker"),
                resolve(Map.of(), Map.of("TASKER_DB_PATH", folder.toString())).url());
        assertEquals(
                "environment variable TASKER_DB_PATH",
                resolve(Map.of(), Map.of("TASKER_DB_PATH", folder.toString())).origin());
    }

    @Test
    void a_relative_folder_is_made_absolute_once() {
        assertEquals(
                "jdbc:h2:file:" + Path.of("rel").toAbsolutePath().resolve("tasker"),
                resolve(Map.of("tasker.db.path", "rel"), Map.of()).url());
    }

    @Test
    void a_jdbc_url_wins_over_a_folder() {
        String pg = "jdbc:postgresql://db/app";
        assertEquals(
                pg,
                resolve(Map.of("tasker.db.path", "/x"), Map.of("TASKER_JDBC_URL", pg))
                        .url());
        assertEquals(
                "system property tasker.jdbc.url",
                resolve(Map.of("tasker.jdbc.url", pg), Map.of("TASKER_JDBC_URL", "jdbc:h2:mem:x"))
                        .origin());
    }

    @Test
    void blank_values_count_as_unset() {
        assertEquals(
                resolve(Map.of(), Map.of()).url(),
                resolve(Map.of("tasker.db.path", " "), Map.of("TASKER_JDBC_URL", ""))
                        .url());
    }

    @Test
    void without_a_home_it_says_what_to_set() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> DefaultDatabase.resolve(k -> null, k -> null, null));
        assertTrue(e.getMessage().contains("tasker.db.path"), e.getMessage());
    }
}

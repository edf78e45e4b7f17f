package dev.tasker.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The small pure pieces: migration files and IN-list chunks. */
class SchemaPartsTest {
    @Test
    void a_migration_file_splits_into_statements_without_comments() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                Migrations.statements("-- header; with a semicolon\nCREATE TABLE a (x INT);\n  -- why\n"
                        + "CREATE INDEX i ON a (x);\n"));
    }

    @Test
    void the_h2_migrations_are_numbered_from_1_with_descriptions() {
        List<Migrations.Migration> migrations = Migrations.load("h2");
        assertEquals(1, migrations.get(0).version());
        assertEquals("schema", migrations.get(0).description());
        assertEquals(List.of(), migrations.stream().filter(m -> m.statements().isEmpty()).toList());
    }

    @Test
    void id_chunks_hold_at_most_512_distinct_ids_padded_to_a_power_of_two() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.add(ids.get(0));
        List<List<UUID>> chunks = IdChunks.of(ids);
        assertEquals(List.of(512, 512, 128), chunks.stream().map(List::size).toList());
        assertEquals(ids.subList(0, 1100), chunks.stream().flatMap(List::stream).distinct().toList());
        assertEquals(List.of(1), IdChunks.of(ids.subList(0, 1)).stream().map(List::size).toList());
        assertEquals(List.of(4), IdChunks.of(ids.subList(0, 3)).stream().map(List::size).toList());
        assertEquals("?, ?, ?", IdChunks.placeholders(3));
    }
}

package dev.tasker.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The small pure pieces: migration files (and the two databases' agreeing) and IN-list chunks. */
class SchemaPartsTest {
    private static final Pattern TABLE = Pattern.compile("(?s)CREATE TABLE IF NOT EXISTS (\\w+) \\((.*)\\)");
    private static final Pattern INDEX =
            Pattern.compile("CREATE INDEX IF NOT EXISTS (\\w+) ON (\\w+ \\([^)]*\\))(?: WHERE .*)?", Pattern.DOTALL);
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN IF NOT EXISTS (\\w+) .*");

    @Test
    void a_migration_file_splits_into_statements_without_comments() {
        assertEquals(
                List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                Migrations.statements("-- header; with a semicolon\nCREATE TABLE a (x INT);\n  -- why\n"
                        + "CREATE INDEX i ON a (x);\n"));
    }

    @Test
    void the_h2_migrations_are_numbered_from_1_with_descriptions() {
        List<Migrations.Migration> migrations = Migrations.load(new dev.tasker.store.h2.H2Dialect());
        assertEquals(1, migrations.get(0).version());
        assertEquals("schema", migrations.get(0).description());
        assertEquals(
                List.of(),
                migrations.stream().filter(m -> m.statements().isEmpty()).toList());
    }

    @Test
    void the_postgresql_migrations_are_numbered_like_the_h2_ones() {
        assertEquals(
                Migrations.load(new dev.tasker.store.h2.H2Dialect()).stream()
                        .map(m -> m.version() + " " + m.description())
                        .toList(),
                Migrations.load(new dev.tasker.store.postgres.PostgresDialect()).stream()
                        .map(m -> m.version() + " " + m.description())
                        .toList());
    }

    /**
     * Indexes only PostgreSQL has: they serve the node registry's queries (the queue, a node's tasks), which
     * never run on an embedded H2 file, where one engine owns the database.
     */
    private static final java.util.Set<String> SHARED_DATABASE_ONLY =
            java.util.Set.of("index tasker_tasks_node_ix", "index tasker_tasks_queue_ix");

    @Test
    void the_postgresql_schema_has_the_tables_columns_constraints_and_indexes_of_the_h2_schema() {
        for (int i = 0; i < Migrations.load(new dev.tasker.store.h2.H2Dialect()).size(); i++) {
            Map<String, String> h2 = shape(
                    Migrations.load(new dev.tasker.store.h2.H2Dialect()).get(i).statements());
            Map<String, String> postgres = shape(Migrations.load(new dev.tasker.store.postgres.PostgresDialect())
                    .get(i)
                    .statements());
            postgres.keySet().removeAll(SHARED_DATABASE_ONLY);
            assertEquals(h2, postgres);
        }
    }

    /**
     * Per table its column names and constraint names, per index its table and columns, per added column
     * its table and name: what the two dialects' files must agree on (types and options are each database's
     * own). Any other statement (moving data) must be the same text in both.
     */
    private static Map<String, String> shape(List<String> statements) {
        Map<String, String> shape = new LinkedHashMap<>();
        for (String statement : statements) {
            Matcher table = TABLE.matcher(statement);
            Matcher index = INDEX.matcher(statement);
            Matcher column = ADD_COLUMN.matcher(statement);
            if (table.matches()) {
                List<String> parts = new ArrayList<>();
                for (String line : table.group(2).split("\\R")) {
                    String[] words = line.trim().split("\\s+");
                    if (!words[0].isEmpty()) {
                        parts.add(
                                words[0].equals("CONSTRAINT")
                                        ? words[0] + " " + words[1] + " " + words[2]
                                        : words[0].toLowerCase(Locale.ROOT));
                    }
                }
                shape.put("table " + table.group(1), String.join(", ", parts));
            } else if (index.matches()) {
                shape.put("index " + index.group(1), index.group(2));
            } else if (column.matches()) {
                shape.put("column " + column.group(1) + "." + column.group(2), "added");
            } else {
                shape.put("statement " + shape.size(), statement);
            }
        }
        return shape;
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
        assertEquals(
                ids.subList(0, 1100),
                chunks.stream().flatMap(List::stream).distinct().toList());
        assertEquals(
                List.of(1),
                IdChunks.of(ids.subList(0, 1)).stream().map(List::size).toList());
        assertEquals(
                List.of(4),
                IdChunks.of(ids.subList(0, 3)).stream().map(List::size).toList());
        assertEquals("?, ?, ?", IdChunks.placeholders(3));
    }
}

package dev.tasker.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** This module's tests have no database module on the classpath: what a user who forgot one sees. */
class MissingStoreModuleTest {

    @Test
    void a_postgresql_url_without_the_postgres_module_names_the_artifact_to_add() {
        StoreException e = assertThrows(
                StoreException.class,
                () -> new JdbcWorkflowStoreProvider()
                        .open(new StoreConfig(
                                null,
                                "jdbc:postgresql://db.example/tasker?user=app&password=secret",
                                null,
                                null,
                                3,
                                null)));
        assertEquals(
                "no store module for jdbc:postgresql:… on the classpath — add dev.tasker:tasker-store-postgres"
                        + " (store modules found: none)",
                e.getMessage());
    }

    @Test
    void an_h2_url_without_the_h2_module_names_the_artifact_to_add() {
        StoreException e = assertThrows(
                StoreException.class,
                () -> new JdbcWorkflowStoreProvider()
                        .open(new StoreConfig(null, "jdbc:h2:mem:t", null, null, 3, null)));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "no store module for jdbc:h2:… on the classpath — add" + " dev.tasker:tasker-store-h2"),
                e.getMessage());
    }

    @Test
    void a_forced_dialect_whose_module_is_absent_names_the_artifact_to_add() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new JdbcWorkflowStoreProvider()
                        .open(new StoreConfig(null, "jdbc:postgresql://db/t", null, null, 3, "postgresql")));
        assertTrue(e.getMessage().endsWith("; add dev.tasker:tasker-store-postgres"), e.getMessage());
    }

    @Test
    void a_url_is_matched_to_the_module_whose_dialect_serves_it() {
        DatabaseModule fake = () -> new FakeDialect("fake", "jdbc:postgresql:");
        Dialects dialects = new Dialects(List.of(fake));
        assertEquals(fake, dialects.forUrl(null, "jdbc:postgresql://db/t").orElseThrow());
        assertEquals(fake, dialects.choose(null, "FAKE"));
        StoreException e = assertThrows(StoreException.class, () -> dialects.forUrl(null, "jdbc:h2:mem:t"));
        assertTrue(
                e.getMessage().contains("add dev.tasker:tasker-store-h2 (store modules found: fake)"), e.getMessage());
        assertTrue(
                dialects.forUrl(null, "jdbc:sqlite:t").isEmpty(),
                "a database Tasker has no module for is left to the driver");
    }

    /** A dialect serving one URL prefix and the product of its name. */
    private record FakeDialect(String name, String prefix) implements SqlDialect {
        @Override
        public boolean matchesProduct(String productName) {
            return name.equalsIgnoreCase(productName);
        }

        @Override
        public boolean matchesUrl(String jdbcUrl) {
            return jdbcUrl != null && jdbcUrl.startsWith(prefix);
        }

        @Override
        public String migrationsFolder() {
            return "/none";
        }

        @Override
        public java.io.InputStream openMigrationFile(String fileName) {
            return null;
        }

        @Override
        public boolean supportsSkipLocked() {
            return false;
        }

        @Override
        public String upsert(String table, List<String> keyColumns, List<String> columns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String insertUnlessExists(String table, List<String> keyColumns, List<String> columns) {
            throw new UnsupportedOperationException();
        }
    }
}

package dev.tasker.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasker.engine.store.StoreException;
import dev.tasker.store.h2.H2Dialect;
import dev.tasker.store.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

/**
 * With both database modules on the classpath (as the deprecated tasker-persistence gives them), the store
 * picks the one serving the product name, the URL or the configured name. Here because the store modules'
 * own tests see one database module each.
 */
class DialectChoiceTest {
    private static final String URL = "jdbc:postgresql://db.example:6543/tasker?user=app&password=s3cret";

    @Test
    void the_store_picks_the_dialect_from_the_product_name_the_url_or_the_configured_name() {
        Dialects dialects = Dialects.onClasspath();
        assertInstanceOf(
                PostgresDialect.class, dialects.choose(null, "PostgreSQL").dialect());
        assertInstanceOf(H2Dialect.class, dialects.choose(null, "H2").dialect());
        assertInstanceOf(
                PostgresDialect.class, dialects.choose("postgresql", "H2").dialect());
        assertInstanceOf(H2Dialect.class, dialects.choose("h2", "PostgreSQL").dialect());
        assertInstanceOf(
                PostgresDialect.class, dialects.forUrl(null, URL).orElseThrow().dialect());
        assertInstanceOf(
                H2Dialect.class,
                dialects.forUrl(null, "jdbc:h2:mem:t").orElseThrow().dialect());
        StoreException e = assertThrows(StoreException.class, () -> dialects.choose(null, "Apache Derby"));
        assertEquals(
                "no SQL dialect for the database product 'Apache Derby' (known dialects: h2, postgresql)",
                e.getMessage());
    }
}

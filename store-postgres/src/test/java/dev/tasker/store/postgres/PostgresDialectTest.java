package dev.tasker.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.SqlFailures;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PostgreSQL dialect's SQL, URL reading and failure messages; none of these needs a server. */
class PostgresDialectTest {
    private static final String URL = "jdbc:postgresql://db.example:6543/tasker?user=app&password=s3cret";

    private final PostgresDialect dialect = new PostgresDialect();

    @Test
    void it_serves_postgresql_by_product_name_and_url_only() {
        assertTrue(dialect.matchesProduct("PostgreSQL"));
        assertFalse(dialect.matchesProduct("H2"));
        assertTrue(dialect.matchesUrl("jdbc:postgresql://db/t"));
        assertFalse(dialect.matchesUrl("jdbc:h2:mem:t"));
        assertTrue(dialect.supportsSkipLocked());
        assertEquals("postgresql", dialect.name());
        assertEquals("/dev/tasker/store/postgres/migrations", dialect.migrationsFolder());
        assertEquals(URL, dialect.prepareUrl(URL));
    }

    @Test
    void upserts_replace_the_other_columns_on_a_conflict_with_the_key() {
        assertEquals(
                "INSERT INTO t (k, a, b) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET a = EXCLUDED.a,"
                        + " b = EXCLUDED.b",
                dialect.upsert("t", List.of("k"), List.of("k", "a", "b")));
        assertEquals(
                "INSERT INTO t (a, k) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET a = EXCLUDED.a",
                dialect.upsert("t", List.of("k"), List.of("a", "k")));
        assertEquals(
                "INSERT INTO t (k1, k2) VALUES (?, ?) ON CONFLICT (k1, k2) DO NOTHING",
                dialect.upsert("t", List.of("k1", "k2"), List.of("k1", "k2")));
    }

    @Test
    void insert_unless_exists_does_nothing_on_a_conflict_with_the_key() {
        assertEquals(
                "INSERT INTO e (t, a, b) VALUES (?, ?, ?) ON CONFLICT (a, b) DO NOTHING",
                dialect.insertUnlessExists("e", List.of("a", "b"), List.of("t", "a", "b")));
    }

    @Test
    void the_address_of_a_url_is_its_hosts_and_ports_without_credentials() {
        assertEquals(Optional.of("db.example:6543"), PostgresDialect.address(URL));
        assertEquals(Optional.of("db:5432"), PostgresDialect.address("jdbc:postgresql://db/t"));
        assertEquals(Optional.of("a:5432,b:5433"), PostgresDialect.address("jdbc:postgresql://a,b:5433/t?x=1"));
        assertEquals(Optional.of("[::1]:5432,[::1]:7"), PostgresDialect.address("jdbc:postgresql://[::1],[::1]:7/t"));
        assertEquals(Optional.of("db:5432"), PostgresDialect.address("jdbc:postgresql://app:pw@db/t"));
        assertEquals(Optional.of("localhost:5432"), PostgresDialect.address("jdbc:postgresql:tasker"));
        assertEquals(Optional.of("localhost:5432"), PostgresDialect.address("jdbc:postgresql:///tasker"));
        assertEquals(Optional.empty(), PostgresDialect.address("jdbc:h2:mem:t"));
        assertEquals(Optional.empty(), PostgresDialect.address(null));
    }

    @Test
    void the_database_of_a_url_is_its_path() {
        assertEquals(Optional.of("tasker"), PostgresDialect.database(URL));
        assertEquals(Optional.of("my db"), PostgresDialect.database("jdbc:postgresql://db/my%20db"));
        assertEquals(Optional.of("tasker"), PostgresDialect.database("jdbc:postgresql:tasker"));
        assertEquals(Optional.empty(), PostgresDialect.database("jdbc:postgresql://db/?user=x"));
        assertEquals(Optional.empty(), PostgresDialect.database("jdbc:postgresql://db"));
    }

    @Test
    void connection_failures_name_the_server_and_the_reason() {
        SQLException refused = new SQLException(
                "Connection to db.example:6543 refused.", "08001", new ConnectException("Connection refused"));
        assertEquals("PostgreSQL at db.example:6543 is not reachable: Connection refused", explain(refused));
        SQLException unknown =
                new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db.example"));
        assertEquals("PostgreSQL at db.example:6543 is not reachable: unknown host db.example", explain(unknown));
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        assertEquals(
                "the connection to PostgreSQL at db.example:6543 was lost: An I/O error occurred while sending"
                        + " to the backend.",
                explain(lost));
    }

    @Test
    void a_refused_login_a_missing_database_and_a_full_server_are_said_in_an_operators_words() {
        assertEquals(
                "PostgreSQL at db.example:6543 refused the login (FATAL: password authentication failed for"
                        + " user \"app\"); check the user and password (StoreConfig username and password, or user= and"
                        + " password= in the URL) and the server's pg_hba.conf",
                explain(new SQLException("FATAL: password authentication failed for user \"app\"", "28P01")));
        assertEquals(
                "the database 'tasker' does not exist on PostgreSQL at db.example:6543 (create it with"
                        + " CREATE DATABASE tasker)",
                explain(new SQLException("FATAL: database \"tasker\" does not exist", "3D000")));
        assertTrue(explain(new SQLException("FATAL: sorry, too many clients already", "53300"))
                .startsWith("PostgreSQL at db.example:6543 has no free connection slots"));
        assertTrue(explain(new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006"))
                .startsWith("PostgreSQL at db.example:6543 accepts no writes"));
        assertEquals(Optional.empty(), dialect.explain(new SQLException("ERROR: syntax error", "42601"), URL));
    }

    @Test
    void a_full_disk_is_reported_as_such() {
        StoreException e = new SqlFailures(dialect, URL)
                .translate(
                        "apply a write batch of 3 rows",
                        new SQLException(
                                "ERROR: could not extend file \"base/16384/16385\": No space left on device", "53100"));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not apply a write batch of 3 rows: the disk holding the database"
                                + " is full [database said: SQLState 53100"),
                e.getMessage());
    }

    @Test
    void a_store_pointed_at_a_port_where_no_server_listens_fails_with_the_address_and_the_reason() {
        String url = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=5";
        StoreException e = assertThrows(
                StoreException.class,
                () -> new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 2, null)));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not open the database " + url
                                + ": PostgreSQL at 127.0.0.1:1 is not reachable: Connection refused"),
                e.getMessage());
    }

    private String explain(SQLException failure) {
        return dialect.explain(failure, URL).orElseThrow();
    }
}

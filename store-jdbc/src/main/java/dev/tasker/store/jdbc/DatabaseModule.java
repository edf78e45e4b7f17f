package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.StoreOwnership;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One database the generic JDBC store runs on, as its module ({@code tasker-store-h2},
 * {@code tasker-store-postgres}) registers it for {@link java.util.ServiceLoader}: the {@link SqlDialect},
 * and the parts only that database needs, which the store asks for instead of knowing them. Each default
 * says what the store does without it.
 *
 * <p>For store modules, not for applications.
 */
public interface DatabaseModule {

    /** The dialect; the store picks the module whose dialect serves the JDBC URL or the database product. */
    SqlDialect dialect();

    /**
     * Looks at the database before the store's pool opens it (for writing), and returns the guard to check
     * once it is open (H2: a file gone back in time is refused untouched). Default: none.
     */
    default Optional<GenerationGuard> inspect(String jdbcUrl, String username, String password) {
        return Optional.empty();
    }

    /** The guard for a database someone else opened (an application's DataSource). Default: none. */
    default Optional<GenerationGuard> guardOpened(String jdbcUrl) {
        return Optional.empty();
    }

    /** Told of every SQL failure while its connection is open (see {@link Jdbc.FailureHook}). Default: none. */
    default Jdbc.FailureHook failureHook(DataSource dataSource, String jdbcUrl) {
        return Jdbc.NO_HOOK;
    }

    /**
     * The lock one engine at a time holds, where engines cannot share the database (embedded H2).
     * Default: none.
     *
     * @param database the database as messages name it (the file, else the URL without password)
     */
    default Optional<HeldOwnership> ownership(
            Jdbc jdbc, ConnectionSource connections, String database, SqlFailures failures) {
        return Optional.empty();
    }

    /**
     * The membership of the engines (nodes) that share the database, where they can (PostgreSQL).
     * Default: none, one engine owns the database.
     */
    default Optional<SharedNodes> nodes(Jdbc jdbc) {
        return Optional.empty();
    }

    /** A connection outside the store's pool (or borrowed from the application's DataSource for good). */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** Refuses a database that holds less than it once did, and records how far it got. */
    interface GenerationGuard {
        /** Checks the opened database before the migrations write anything. */
        void checkOpened(Jdbc jdbc);

        /** Records that the database got this far (after writes; at most once per maintenance round). */
        void raiseGeneration(Jdbc jdbc);
    }

    /** A {@link StoreOwnership} the store keeps: taken again after an outage, released at close. */
    interface HeldOwnership extends StoreOwnership {
        void reacquireIfLost();

        void close();
    }

    /** A {@link NodeRegistry} whose fence and signals ride in the store's write transactions. */
    interface SharedNodes extends NodeRegistry {
        /** Fails the transaction when the node no longer holds {@code epoch} (another took its work). */
        void checkFence(Connection connection, String nodeId, long epoch) throws SQLException;

        /**
         * The fence as a query the store may send inside a larger statement: {@code SELECT epoch, status FROM ...
         * WHERE node_id = ? FOR SHARE} (one parameter, the node id), whose row {@link #checkFenceRead} then
         * judges; null when the store must call {@link #checkFence}. Default: null.
         */
        default String fenceQuery() {
            return null;
        }

        /**
         * Fails (so that the transaction rolls back) unless what {@link #fenceQuery} read says the node is alive
         * at {@code epoch}; {@code foundEpoch} and {@code foundStatus} are null when the node has no row.
         */
        default void checkFenceRead(String nodeId, long epoch, Long foundEpoch, String foundStatus) {
            throw new UnsupportedOperationException("no fence query");
        }

        /**
         * The judgement of {@link #checkFenceRead} as a SQL condition on {@code fence.epoch} and {@code
         * fence.status} (the columns of {@link #fenceQuery}) with one parameter, the epoch; true when the node may
         * write. Null (the default) when the store must judge the read itself.
         */
        default String fenceHolds() {
            return null;
        }

        /**
         * The notifications {@link #signal} sends, as (channel, payload) pairs for the store to send with {@code
         * pg_notify} inside a larger statement; null (the default) when the store must call {@link #signal}.
         */
        default List<String[]> notifications(boolean work, Collection<UUID> settled) {
            return null;
        }

        /** Tells the other nodes, at commit, that work is ready or tasks settled. */
        void signal(Connection connection, boolean work, Collection<UUID> settled) throws SQLException;

        /**
         * As {@link #signal(Connection, boolean, Collection)}, and tells the node that runs each task of
         * {@code nudged} to look at it (as {@link #nudge}): a child task of its sub-workflow step ended.
         */
        default void signal(Connection connection, boolean work, Collection<UUID> settled, Collection<UUID> nudged)
                throws SQLException {
            signal(connection, work, settled);
        }
    }
}

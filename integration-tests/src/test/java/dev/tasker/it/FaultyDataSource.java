package dev.tasker.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pooled DataSource for one engine of a test that can fail chosen statements, to provoke the failure paths
 * of the engine on a real database: {@link #failNext} fails the next statements prepared on a given thread
 * whose SQL matches; {@link #down} fails every connection and statement (the node is cut off, as if
 * killed, while its JVM, here the test's, goes on). A failure is an {@link SQLException} with SQLState
 * 08006 (connection failure), as the driver reports a lost server.
 */
final class FaultyDataSource implements DataSource, AutoCloseable {
    private final HikariDataSource pool;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<HoldRule> holds = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    FaultyDataSource(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName("faulty");
        pool = new HikariDataSource(config);
    }

    /** Fails the next {@code times} statements prepared on a thread named {@code thread} whose SQL matches. */
    AtomicInteger failNext(String thread, Predicate<String> sql, int times) {
        Fault f = new Fault((t, q) -> t.equals(thread) && sql.test(q), new AtomicInteger(times));
        faults.add(f);
        return f.left;
    }

    /**
     * Holds the next statement prepared on {@code thread} whose SQL matches until {@link Hold#release()}:
     * the thread stops there, as one stalled by a slow database. {@link Hold#reached()} counts down when it does.
     */
    Hold holdNext(String thread, Predicate<String> sql) {
        Hold h = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        holds.add(new HoldRule(thread, sql, h));
        return h;
    }

    /** Counts down each time a statement whose SQL matches is prepared on {@code thread} (it runs normally). */
    CountDownLatch seen(String thread, Predicate<String> sql, int times) {
        var latch = new CountDownLatch(times);
        Fault f = new Fault(
                (t, q) -> {
                    if (t.equals(thread) && sql.test(q)) {
                        latch.countDown();
                    }
                    return false;
                },
                new AtomicInteger(0));
        faults.add(f);
        return latch;
    }

    private record HoldRule(String thread, Predicate<String> sql, Hold hold) {}

    /** A held statement: reached when the thread stopped there; released by the test. */
    record Hold(CountDownLatch reached, CountDownLatch released) {
        void release() {
            released.countDown();
        }
    }

    /** Cuts the engine off the database ({@code true}) or lets it back. */
    void down(boolean isDown) {
        down = isDown;
    }

    private record Fault(BiPredicate<String, String> matches, AtomicInteger left) {}

    private void check(String sql) throws SQLException {
        if (down) {
            throw new SQLException("injected: the database is unreachable from this node", "08006");
        }
        String thread = Thread.currentThread().getName();
        for (HoldRule rule : holds) {
            if (rule.thread().equals(thread) && rule.sql().test(sql) && holds.remove(rule)) {
                Hold hold = rule.hold();
                hold.reached().countDown();
                try {
                    hold.released().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while held", "08006");
                }
            }
        }
        for (Fault f : faults) {
            if (f.matches.test(thread, sql) && f.left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("injected failure of [" + sql + "] on thread " + thread, "08006");
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        check("connect");
        Connection real = pool.getConnection();
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if ((name.equals("prepareStatement") || name.equals("prepareCall"))
                            && args != null
                            && args[0] instanceof String sql) {
                        check(sql);
                    } else if (name.equals("createStatement")) {
                        check("createStatement");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

package dev.tasker.store.h2;

import java.lang.reflect.Field;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one write batch stay in memory until its commit stores it, instead of H2 storing it part-way.
 *
 * <p>H2 2.5.252 stores an MVStore in the middle of a transaction once the pages it changed since the last
 * store take more than its {@code autoCommitMemory} (19 MiB with any heap over about 300 MiB; the JDBC URL has no
 * setting for it). With {@code WRITE_DELAY=0} every commit stores anyway, so such a store only writes pages
 * that the commit rewrites moments later: each entry of the batch is written with its transaction mark, then
 * marked committed and written again. The engine's group commits pass that size under load (1,000 diamonds in
 * flight: 2–4 stores for a third of the commits), and a profile put 19 % of the engine loop there. This
 * raises the threshold, once per open file, to a sixteenth of the maximum heap, between H2's own value and
 * 256 MiB ({@value #PROPERTY} in MiB sets it; 0 leaves H2's), so that a batch is stored once, at its commit;
 * a transaction larger than that is still stored part-way, as H2 does to keep its memory bounded.
 *
 * <p>The field is final inside H2 and set by reflection (the H2 version is pinned), on Java 25 and older only:
 * newer Java warns about changing final fields. Where that is not possible the store works as before.
 */
final class StoreWriteBuffer {
    static final String PROPERTY = "tasker.store.h2.writeBufferMiB";

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriteBuffer.class);
    private static final long MIB = 1024 * 1024;
    private static final long MOST = 256 * MIB;
    /** The last Java release that changes a final field by reflection without a warning. */
    private static final int LAST_QUIET_RELEASE = 25;

    private static final Field AUTO_COMMIT_MEMORY = find();

    private StoreWriteBuffer() {}

    private static Field find() {
        if (Runtime.version().feature() > LAST_QUIET_RELEASE) {
            return null;
        }
        try {
            Field field = MVStore.class.getDeclaredField("autoCommitMemory");
            field.setAccessible(true);
            return field.getType() == int.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("H2's autoCommitMemory not reachable: large write batches are stored part-way, as H2 does", e);
            return null;
        }
    }

    /** Whether the threshold can be raised here (the pinned H2, Java 25 or older). */
    static boolean available() {
        return AUTO_COMMIT_MEMORY != null;
    }

    /**
     * The threshold for a JVM whose maximum heap is {@code maxHeap}, given H2's own {@code current} one and
     * the {@value #PROPERTY} setting (null when not set): never below H2's.
     */
    static long chosen(long maxHeap, long current, Integer setting) {
        if (setting != null) {
            return setting <= 0 ? current : Math.max(current, Math.min(setting * MIB, Integer.MAX_VALUE));
        }
        return Math.max(current, Math.min(maxHeap / 16, MOST));
    }

    /** Raises {@code store}'s threshold (see the class comment); does nothing where it cannot. */
    static void widen(MVStore store) {
        if (AUTO_COMMIT_MEMORY == null) {
            return;
        }
        int current = store.getAutoCommitMemory();
        if (current <= 0) {
            return; // H2 stores nothing on its own for this store (read-only, in memory)
        }
        long wanted = chosen(Runtime.getRuntime().maxMemory(), current, Integer.getInteger(PROPERTY));
        if (wanted == current) {
            return;
        }
        try {
            AUTO_COMMIT_MEMORY.setInt(store, (int) wanted);
            LOG.debug(
                    "H2 stores a transaction part-way past {} MiB of changed pages (was {} MiB)",
                    wanted / MIB,
                    current / MIB);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("H2's autoCommitMemory not changed: large write batches are stored part-way, as H2 does", e);
        }
    }
}

package dev.tasker.store.h2;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Keeps the store header of an H2 2.5.252 file pointing at the newest chunk, so that a file left by
 * SIGKILL opens at the last acknowledged commit (DESIGN.md, "H2 and kill -9", cause 3).
 *
 * <p>After an unclean shutdown H2 finds the newest chunk from three places only: the chunk the store header
 * names, the chunk physically last in the file, and the chain of "next" positions each chunk predicted for its
 * successor. When a chunk is written where its predecessor did not predict (space reused in the middle of the
 * file), H2 rewrites the header, but 2.5.252 does so <em>before</em> it makes the new chunk its last chunk
 * ({@code RandomAccessStore.writeChunk} runs before {@code FileStore.storeBuffer} sets {@code lastChunk}), so
 * the header names the previous chunk, whose "next" does not lead to the new one. The chunks after it follow
 * their predictions and write no header for up to 20 versions, and none of them is last in the file: a kill in
 * that window reopens the file at the previous chunk and loses every commit since (seen as all the commits of
 * a short-lived engine vanishing once the file was older than the 45 s retention, or right after an open that
 * freed the crashed session's dead chunks).
 *
 * <p>{@link #catchUp} writes the header again, naming the current last chunk, whenever it names another one
 * and that chunk is not the last in the file (which recovery finds without the header). Called after every
 * writing transaction's store, before the commit is acknowledged; it costs one 8 KB write at the start of the
 * file after a chunk was placed in reused space, and a lock plus a few field reads otherwise. Uses H2 internals by
 * reflection (the H2 version is pinned); if they are not found the store works as before, without this repair.
 */
final class StoreHeader {
    /** H2's block size: chunks start and end on multiples of it. */
    private static final long BLOCK_SIZE = 4096;

    private static final VarHandle LAST_CHUNK;
    private static final VarHandle SAVE_CHUNK_LOCK;
    private static final MethodHandle WRITE_STORE_HEADER;

    static {
        VarHandle lastChunk = null;
        VarHandle saveChunkLock = null;
        MethodHandle writeStoreHeader = null;
        try {
            MethodHandles.Lookup fileStore = MethodHandles.privateLookupIn(FileStore.class, MethodHandles.lookup());
            lastChunk = fileStore.findVarHandle(FileStore.class, "lastChunk", Chunk.class);
            saveChunkLock = fileStore.findVarHandle(FileStore.class, "saveChunkLock", ReentrantLock.class);
            writeStoreHeader = MethodHandles.privateLookupIn(RandomAccessStore.class, MethodHandles.lookup())
                    .findVirtual(RandomAccessStore.class, "writeStoreHeader", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(StoreHeader.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "H2 internals not found (another H2 version?): the store header is left to H2, and commits"
                                    + " acknowledged shortly before a kill -9 may be lost (DESIGN.md, \"H2 and kill -9\")",
                            e);
            lastChunk = null;
            saveChunkLock = null;
            writeStoreHeader = null;
        }
        LAST_CHUNK = lastChunk;
        SAVE_CHUNK_LOCK = saveChunkLock;
        WRITE_STORE_HEADER = writeStoreHeader;
    }

    /** Tests turn the repair off to show the loss it prevents. */
    static volatile boolean enabled = true;

    private StoreHeader() {}

    /** Whether the repair is available (the H2 internals it needs were found). */
    static boolean available() {
        return WRITE_STORE_HEADER != null;
    }

    /** The id of the chunk the header names: a number once H2 wrote the header, hex text as read from the file. */
    private static long headerChunk(RandomAccessStore store) {
        Object chunk = store.getStoreHeader().get("chunk");
        if (chunk instanceof Number number) {
            return number.longValue();
        }
        try {
            return chunk == null ? -1 : Long.parseLong(chunk.toString(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Rewrites the store header when it does not name the newest chunk written to the file. */
    static void catchUp(MVStore mv) {
        if (!enabled
                || WRITE_STORE_HEADER == null
                || mv.isClosed()
                || !(mv.getFileStore() instanceof RandomAccessStore store)
                || store.isReadOnly()) {
            return;
        }
        ReentrantLock lock = (ReentrantLock) SAVE_CHUNK_LOCK.get(store);
        lock.lock(); // the lock under which H2 writes chunks and the header
        try {
            Chunk<?> last = (Chunk<?>) LAST_CHUNK.getVolatile(store);
            if (last == null || headerChunk(store) == last.id || (last.block + last.len) * BLOCK_SIZE >= store.size()) {
                return; // named by the header, or the last chunk in the file, which recovery looks for first
            }
            WRITE_STORE_HEADER.invoke(store);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }
}

package dev.tasker.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Ids split for {@code IN (?, ...)} lists: at most {@link #MAX} per statement, and each chunk padded
 * (by repeating its last id) to a power of two, so that a bulk read uses a handful of distinct
 * statement texts that the database's statement cache keeps, whatever the number of ids.
 */
public final class IdChunks {
    public static final int MAX = 512;

    private IdChunks() {}

    /** The distinct ids in chunks; padding repeats an id, which an IN list ignores. */
    public static List<List<UUID>> of(Collection<UUID> ids) {
        List<UUID> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        List<List<UUID>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += MAX) {
            List<UUID> chunk = new ArrayList<>(distinct.subList(from, Math.min(from + MAX, distinct.size())));
            int padded = Integer.highestOneBit(chunk.size() - 1) << 1;
            chunk.addAll(Collections.nCopies(Math.max(padded, 1) - chunk.size(), chunk.get(chunk.size() - 1)));
            chunks.add(chunk);
        }
        return chunks;
    }

    /** {@code "?, ?, ?"} for n parameters. */
    public static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds every id of the chunk, in order. */
    public static Jdbc.Binder binder(List<UUID> chunk) {
        return parameters -> {
            for (UUID id : chunk) {
                parameters.uuid(id);
            }
        };
    }
}

package dev.tasker.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The range one batch worker processes: {@code [startCursor, endCursor)} plus an id.
 * Cursors can be any JSON-able value; the helpers here make integer ranges.
 *
 * @param batchId the worker's id, used in its step name ({@code process_batch_001})
 * @param startCursor the first item (inclusive)
 * @param endCursor the end (exclusive)
 * @param batchSize the number of items in the range
 */
public record CursorConfig(String batchId, Object startCursor, Object endCursor, long batchSize) {

    /** Checks the id. */
    public CursorConfig {
        Objects.requireNonNull(batchId, "batchId");
        if (batchId.isBlank()) {
            throw new IllegalArgumentException("batchId must not be blank");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must not be negative: " + batchSize);
        }
    }

    /**
     * Splits {@code [0, totalItems)} into {@code workerCount} ranges of near-equal size
     * ({@code ceil(total/workers)} each, the last one shorter), with ids {@code 001, 002, ...}.
     * Fewer ranges are returned when there are fewer items than workers.
     */
    public static List<CursorConfig> split(long totalItems, int workerCount) {
        if (totalItems < 0 || workerCount < 1) {
            throw new IllegalArgumentException(
                    "need totalItems >= 0 and workerCount >= 1, got " + totalItems + " and " + workerCount);
        }
        if (totalItems == 0) {
            return List.of();
        }
        long per = (totalItems + workerCount - 1) / workerCount;
        return bySize(0, totalItems, per);
    }

    /**
     * Ranges of {@code batchSize} items over {@code [start, endExclusive)}, at most {@code maxBatches}
     * of them (the size grows to fit), with ids {@code 001, 002, ...}.
     */
    public static List<CursorConfig> bySize(long start, long endExclusive, long batchSize, int maxBatches) {
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("need batchSize >= 1 and maxBatches >= 1");
        }
        long total = Math.max(0, endExclusive - start);
        long batches = (total + batchSize - 1) / batchSize;
        long size = batches > maxBatches ? (total + maxBatches - 1) / maxBatches : batchSize;
        return bySize(start, endExclusive, size);
    }

    private static List<CursorConfig> bySize(long start, long endExclusive, long size) {
        List<CursorConfig> out = new ArrayList<>();
        int width = Math.max(
                3, String.valueOf((endExclusive - start + size - 1) / size).length());
        int i = 1;
        for (long from = start; from < endExclusive; from += size, i++) {
            long to = Math.min(from + size, endExclusive);
            out.add(new CursorConfig(String.format("%0" + width + "d", i), from, to, to - from));
        }
        return List.copyOf(out);
    }
}

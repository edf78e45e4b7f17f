package dev.tasker.bench.peers;

import java.time.Duration;

/**
 * One system under comparison on one store: it accepts the two workloads' units of work (a 4-step chain,
 * a diamond) and tells when each has finished. Every method is called from the harness's one thread.
 */
interface PeerSystem extends AutoCloseable {
    /** The system and its version, as the table shows it. */
    String name();

    /** The store, as the table shows it (e.g. "H2 file", "PostgreSQL 15"). */
    String store();

    /** How the DAG is expressed and how the system is configured, one line for the report. */
    String notes();

    /** Submits one 4-step chain A→B→C→D; returns once the system has accepted it (durably). */
    Completion linear() throws Exception;

    /** Submits one diamond A→{B,C}→D; returns once the system has accepted it (durably). */
    Completion diamond() throws Exception;

    /**
     * Submits {@code n} diamonds through the system's bulk API in chunks of {@code chunk} where it has one, else
     * one at a time as {@link #diamond()}; returns once all are accepted.
     */
    default java.util.List<Completion> diamonds(int n, int chunk) throws Exception {
        java.util.List<Completion> submitted = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            submitted.add(diamond());
        }
        return submitted;
    }

    /** How {@link #diamonds} submits, one line for the report. */
    default String bulkNotes() {
        return "no bulk submission used: batched = one at a time";
    }

    @Override
    void close() throws Exception;

    /** The end of one submitted unit of work. */
    interface Completion {
        /** Returns when the last step (D) has finished; throws when it failed or did not finish in time. */
        void await(Duration timeout) throws Exception;
    }
}

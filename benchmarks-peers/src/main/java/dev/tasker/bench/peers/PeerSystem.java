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

    @Override
    void close() throws Exception;

    /** The end of one submitted unit of work. */
    interface Completion {
        /** Returns when the last step (D) has finished; throws when it failed or did not finish in time. */
        void await(Duration timeout) throws Exception;
    }
}

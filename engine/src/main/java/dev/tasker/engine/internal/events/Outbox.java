package dev.tasker.engine.internal.events;

/** Where durable events wait for delivery: the {@link OutboxRelay}, or {@link #NONE} when nobody subscribes durably. */
interface Outbox {
    /** No durable subscriber: rows stay in the outbox for a later engine that has some. */
    Outbox NONE = new Outbox() {
        @Override
        public void wake() {}

        @Override
        public long delivered() {
            return 0;
        }

        @Override
        public long failed() {
            return 0;
        }
    };

    /** New rows were committed: deliver them soon. */
    void wake();

    long delivered();

    long failed();
}

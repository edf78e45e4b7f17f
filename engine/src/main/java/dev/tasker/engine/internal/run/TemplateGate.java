package dev.tasker.engine.internal.run;

import java.util.ArrayDeque;

/**
 * The per-template concurrency cap: how many steps of one template run at once, and the steps parked
 * while it is full. Used only by the engine loop thread, so a counter does the job of a semaphore.
 */
public final class TemplateGate {
    final String templateKey;
    final int limit;
    int running;
    final ArrayDeque<StepRun> parked = new ArrayDeque<>();

    public TemplateGate(String templateKey, int limit) {
        this.templateKey = templateKey;
        this.limit = limit;
    }

    boolean isFull() {
        return running >= limit;
    }
}

/**
 * The engine's public API: {@link dev.tasker.engine.Tasker} built by {@link dev.tasker.engine.TaskerBuilder},
 * the {@link dev.tasker.engine.TaskRequest} that starts a task, the {@link dev.tasker.engine.TaskHandle} and
 * snapshots that observe it, its states, exceptions and listeners, and the {@link dev.tasker.engine.ManualClock}
 * for tests. Everything else lives in {@code dev.tasker.engine.internal} and is not part of the API.
 *
 * <p>Null-marked: nothing here accepts or returns {@code null} unless it says {@code @Nullable}.
 */
@NullMarked
package dev.tasker.engine;

import org.jspecify.annotations.NullMarked;

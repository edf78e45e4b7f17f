/**
 * Micrometer meters for Tasker: {@link dev.tasker.micrometer.TaskerMetrics}.
 *
 * <p>Null-marked: nothing here accepts or returns {@code null} unless it says {@code @Nullable}.
 */
@NullMarked
package dev.tasker.micrometer;

import org.jspecify.annotations.NullMarked;

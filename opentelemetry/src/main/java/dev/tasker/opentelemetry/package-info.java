/**
 * OpenTelemetry spans for Tasker: {@link dev.tasker.opentelemetry.TaskerTracing}.
 *
 * <p>Null-marked: nothing here accepts or returns {@code null} unless it says {@code @Nullable}.
 */
@NullMarked
package dev.tasker.opentelemetry;

import org.jspecify.annotations.NullMarked;

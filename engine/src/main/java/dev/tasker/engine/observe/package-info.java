/**
 * The observation SPI: what metrics and tracing integrations ({@code tasker-micrometer},
 * {@code tasker-opentelemetry}, or an application's own) implement to watch the engine, registered with
 * {@code Tasker.builder().instrumentation(...)}. It depends on nothing of the engine's other packages, and
 * the engine calls it only where an instrumentation is registered.
 *
 * <p>Null-marked: nothing here accepts or returns {@code null} unless it says {@code @Nullable}.
 */
@NullMarked
package dev.tasker.engine.observe;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Boot auto-configuration for Tasker: one {@link dev.tasker.engine.Tasker} bean ({@link
 * dev.tasker.spring.boot.ManagedTasker}) built from {@code tasker.*} properties ({@link
 * dev.tasker.spring.boot.TaskerProperties}) on the application's {@code DataSource} or an embedded H2 file, with
 * the application's handler beans, started after the context is refreshed and drained when it closes.
 */
@NullMarked
package dev.tasker.spring.boot;

import org.jspecify.annotations.NullMarked;

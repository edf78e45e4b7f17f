/**
 * The embedded dashboard: {@link dev.tasker.dashboard.TaskerDashboard#start} serves it on the JDK's own HTTP
 * server; {@link dev.tasker.dashboard.DashboardHandler} is the request-handling core another server (a servlet
 * container) can mount.
 */
@NullMarked
package dev.tasker.dashboard;

import org.jspecify.annotations.NullMarked;

/** The dashboard's routes, JSON views, redaction, sessions and static assets; not part of the API. */
@NullMarked
package dev.tasker.dashboard.internal;

import org.jspecify.annotations.NullMarked;

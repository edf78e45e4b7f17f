/**
 * Task templates: the YAML workflow definitions of SPEC §2, compatible with Tasker's.
 *
 * <p>{@link dev.tasker.engine.template.TemplateLoader} reads and validates templates, reporting
 * every problem with file, step, line and column in one
 * {@link dev.tasker.engine.template.TemplateValidationException}.
 * {@link dev.tasker.engine.template.TaskTemplate} and the records it holds are immutable values;
 * {@link dev.tasker.engine.template.TemplateGraph} is the single dependency DAG the engine reads
 * for readiness, the initial step set and decision segments;
 * {@link dev.tasker.engine.template.TemplateRegistry} looks templates up by namespace, name and
 * version. Everything else in the package is package-private.
 */
@NullMarked
package dev.tasker.engine.template;

import org.jspecify.annotations.NullMarked;

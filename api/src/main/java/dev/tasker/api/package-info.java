/**
 * The handler contract: everything a step handler author touches.
 *
 * <p>A handler is a {@link dev.tasker.api.StepHandler} (a functional interface, so a lambda works).
 * It receives a {@link dev.tasker.api.StepContext} with the task input, the results of its ancestor
 * steps, its configuration and its attempt number, and returns a {@link dev.tasker.api.StepHandlerResult}:
 * a success, a failure, a decision, a batch plan or a checkpoint. Throwing
 * {@link dev.tasker.api.PermanentError} or {@link dev.tasker.api.RetryableError} is the short way to fail.
 *
 * <p>A handler can also be a typed method marked {@link dev.tasker.api.Handler @Handler}, whose parameters the
 * engine binds from the task input ({@link dev.tasker.api.Input @Input}), ancestor results
 * ({@link dev.tasker.api.DependsOn @DependsOn}) and the step configuration ({@link dev.tasker.api.Config @Config}),
 * and whose return value becomes the result.
 *
 * <p>This package depends on nothing but Jackson's {@code JsonNode}.
 */
@NullMarked
package dev.tasker.api;

import org.jspecify.annotations.NullMarked;

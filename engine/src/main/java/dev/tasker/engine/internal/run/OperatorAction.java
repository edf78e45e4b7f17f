package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;

/** What an operator can do to a task (SPEC §3 operator actions); each is audited with who and why. */
public sealed interface OperatorAction {

    /** A step in {@code error} goes back to {@code pending} with its attempts at 0. */
    record ResetStep(String step) implements OperatorAction {}

    /** A step is marked {@code resolved_manually}: its dependents may run, it has no result. */
    record ResolveStep(String step) implements OperatorAction {}

    /** A step is marked {@code complete} with the given result, which its dependents read. */
    record CompleteStep(String step, JsonNode result) implements OperatorAction {}

    /** Every failed step of a task in {@code error} or {@code blocked_by_failures} is reset. */
    record RetryTask() implements OperatorAction {}
}

package dev.tasker.engine.internal.run;

import dev.tasker.engine.InputValidationException;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.UnknownTemplateException;
import dev.tasker.engine.internal.support.JsonSchemas;
import dev.tasker.engine.template.IdentityStrategy;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Prepares the child task a sub-workflow step starts, on the loop thread: its template, limits, input schema,
 * identity (the caller's key, derived from the parent step) and plan, as {@code Engine.submit} prepares a
 * request. {@link #NONE} refuses (an engine assembled without it, in unit tests).
 */
public interface ChildTasks {
    /** Refuses every child. */
    ChildTasks NONE = request -> {
        throw new IllegalStateException("this engine cannot start sub-workflows");
    };

    /**
     * The submit command of the child.
     *
     * @throws RuntimeException what {@code Tasker.submit} throws for a refused request
     */
    Command.Submit prepare(TaskRequest request);

    /** The engine's preparer: templates, limits, schemas and the planner, as {@code Engine.submit} uses them. */
    static ChildTasks of(
            TemplateRegistry templates,
            EngineSettings settings,
            IdentityStrategy identityDefault,
            TaskPlanner planner) {
        JsonSchemas schemas = new JsonSchemas();
        return request -> {
            TaskTemplate template = templates
                    .find(request.namespace(), request.name(), request.version())
                    .orElseThrow(() -> new UnknownTemplateException("no template " + request.namespace() + "/"
                            + request.name() + (request.version() == null ? "" : "/" + request.version())
                            + " is loaded for the sub-workflow"));
            new ValueLimits(settings.limits()).checkContext(request.context());
            if (template.inputSchema() != null) {
                List<InputValidationException.Violation> violations =
                        schemas.violations(template.inputSchema(), request.context());
                if (!violations.isEmpty()) {
                    throw new InputValidationException(template.key(), violations);
                }
            }
            String identity = TaskIdentity.of(template, request, identityDefault);
            TaskRun planned = planner.plan(request, template, identity, null);
            return new Command.Submit(
                    planned, () -> planner.plan(request, template, identity, null), new CompletableFuture<>(), false);
        };
    }

    /** Every sub-workflow step names a loaded template (its child could not start otherwise). */
    static void check(List<TaskTemplate> loaded, TemplateRegistry registry) {
        List<String> problems = new java.util.ArrayList<>();
        for (TaskTemplate t : loaded) {
            for (dev.tasker.engine.template.SubWorkflow sw :
                    t.extensions().subWorkflows().values()) {
                if (registry.find(sw.namespace(), sw.name(), sw.version()).isEmpty()) {
                    problems.add("template " + t.key() + " (" + t.source() + "), extensions.sub_workflows." + sw.step()
                            + ": template " + sw.target() + " is not loaded");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new dev.tasker.engine.UnknownTemplateException(problems.size()
                    + " sub-workflow(s) name a template that is not loaded (load it with the others):\n  "
                    + String.join("\n  ", problems));
        }
    }
}

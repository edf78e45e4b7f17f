package dev.tasker.examples;

import dev.tasker.testkit.TaskerExtension;

/**
 * The test kit set up as the examples application sets up its engine: every template under
 * {@value Examples#TEMPLATES} and every handler, the handlers on the test's manual clock, so timestamps
 * in results are simulated time and each test's results are the same on every run.
 */
public final class ExampleApps {
    private ExampleApps() {}

    /** Use as {@code @RegisterExtension static final TaskerExtension TASKER = ExampleApps.testKit();}. */
    public static TaskerExtension testKit() {
        return TaskerExtension.configuredBy(env -> env.classpathTemplates(Examples.TEMPLATES)
                .configure(builder -> Examples.registerAll(builder, env.clock())));
    }
}

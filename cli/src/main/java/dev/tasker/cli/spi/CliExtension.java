package dev.tasker.cli.spi;

import dev.tasker.engine.TaskerBuilder;
import java.util.List;

/**
 * Adds to {@code ./tasker} what lives outside the command line module, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.tasker.cli.spi.CliExtension}): extra sub-commands, such as the examples' {@code demo},
 * and the handlers {@code tasker run} gives the engine. The command line does not depend on an extension at
 * compile time; it finds whichever are on its class path.
 */
public interface CliExtension {

    /**
     * The sub-commands to add: picocli {@code @Command} objects, whose {@code call()} returns the exit status
     * (0 done, 1 failed); a wrong command line throws picocli's {@code ParameterException} (exit 2). Their
     * names must not be those of the built-in commands.
     */
    List<Object> commands(Terminal terminal);

    /** Registers the handlers of this extension's workflows, for {@code tasker run}; none by default. */
    default TaskerBuilder registerHandlers(TaskerBuilder builder) {
        return builder;
    }
}

package dev.tasker.examples.demo;

import dev.tasker.cli.spi.CliExtension;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.examples.Examples;
import java.util.List;

/**
 * What the examples add to {@code ./tasker}: the {@code demo} command, and their handlers for
 * {@code tasker run} (so that {@code tasker run ecommerce_order_processing ...} finds them). Found by the command
 * line through {@code META-INF/services/dev.tasker.cli.spi.CliExtension}.
 */
public final class ExamplesCliExtension implements CliExtension {

    @Override
    public List<Object> commands(Terminal terminal) {
        return List.of(new DemoCommand(terminal));
    }

    @Override
    public TaskerBuilder registerHandlers(TaskerBuilder builder) {
        return Examples.registerAll(builder);
    }
}

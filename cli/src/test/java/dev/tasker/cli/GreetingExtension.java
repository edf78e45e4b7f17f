package dev.tasker.cli;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.cli.spi.CliExtension;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.TaskerBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A {@link CliExtension} of the tests, registered in the test resources' {@code META-INF/services}: it adds
 * {@code greet}, as the examples add {@code demo}, and the handler of the test class path's bundled template
 * ({@code cli_test/bundled_probe}), as the examples register theirs for {@code tasker run}.
 */
public final class GreetingExtension implements CliExtension {

    @Override
    public List<Object> commands(Terminal terminal) {
        return List.of(new Greet(terminal));
    }

    @Override
    public TaskerBuilder registerHandlers(TaskerBuilder builder) {
        return builder.handler("cli_test.only", ctx -> StepHandlerResult.success(Map.of("probed", true)));
    }

    @Command(name = "greet", customSynopsis = "tasker greet [--name WHO]", description = "say hello (a test extension)")
    static final class Greet implements Callable<Integer> {
        private final Terminal terminal;

        @Option(names = "--name", paramLabel = "WHO", description = "whom to greet")
        String name = "world";

        Greet(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            terminal.out().println("hello, " + name);
            return 0;
        }
    }
}

package dev.tasker.cli;

import dev.tasker.cli.spi.CliExtension;
import dev.tasker.cli.spi.Terminal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A {@link CliExtension} of the tests, registered in the test resources' {@code META-INF/services}: it adds
 * {@code greet}, as the examples add {@code demo}.
 */
public final class GreetingExtension implements CliExtension {

    @Override
    public List<Object> commands(Terminal terminal) {
        return List.of(new Greet(terminal));
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

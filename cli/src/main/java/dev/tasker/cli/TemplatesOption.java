package dev.tasker.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --templates PATH}, shared by the commands that act on a task and so need its template. */
final class TemplatesOption {
    @Option(
            names = "--templates",
            paramLabel = "PATH",
            description = "the application's templates: files or folders, repeatable or comma-separated "
                    + "(the bundled ones are always loaded)")
    List<String> paths = new ArrayList<>();
}

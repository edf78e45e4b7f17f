package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker new handler NAME [--dir DIR] [--package PKG]} and {@code tasker new template NAME [--dir DIR]
 * [--namespace NS]}: write a starting typed handler with its test, or a starting template, into the project
 * at {@code DIR} (Maven layout). Existing files are never overwritten: if one is there, nothing is written.
 */
@Command(
        name = "new",
        customSynopsis = "tasker new handler NAME [--dir DIR] [--package PKG] | new template NAME "
                + "[--dir DIR] [--namespace NS]",
        description = "write a starting typed handler (with its test) or template")
final class NewCommand extends CliCommand {
    static final String DEFAULT_PACKAGE = "com.example.handlers";
    static final String DEFAULT_NAMESPACE = "default";

    @Parameters(
            paramLabel = "handler|template NAME",
            arity = "0..*",
            description = "what to write and its name (a callable, or a template name)")
    List<String> words = List.of();

    @Option(names = "--dir", paramLabel = "DIR", description = "the project's root (default: .)")
    String dir = ".";

    @Option(
            names = "--package",
            paramLabel = "PKG",
            description = "the handler's package (default: " + DEFAULT_PACKAGE + ")")
    String packageName;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            description = "the template's namespace (default: " + DEFAULT_NAMESPACE + ")")
    String namespace;

    NewCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (words.size() != 2
                || !words.get(0).equals("handler") && !words.get(0).equals("template")) {
            throw new UsageException("say what to write: new handler NAME, or new template NAME");
        }
        boolean handler = words.get(0).equals("handler");
        String wrongOption = handler ? "namespace" : "package";
        if ((handler ? namespace : packageName) != null) {
            throw new UsageException("--" + wrongOption + " is for new " + (handler ? "template" : "handler"));
        }
        Path root = Path.of(dir);
        Map<Path, String> files = handler
                ? Scaffold.handler(words.get(1), packageName == null ? DEFAULT_PACKAGE : packageName)
                : Scaffold.template(words.get(1), namespace == null ? DEFAULT_NAMESPACE : namespace);
        for (Path file : files.keySet()) {
            if (Files.exists(root.resolve(file))) {
                err.println("tasker new: " + root.resolve(file) + " already exists; nothing written");
                return 1;
            }
        }
        files.forEach((file, text) -> write(root.resolve(file), text));
        Path first = files.keySet().iterator().next();
        String type = first.getFileName().toString().replace(".java", "");
        out.println(
                handler
                        ? "Register it with Tasker.builder().handlers(new " + type + "()), or name the class in a"
                                + " template's callable; its test needs dev.tasker:tasker-testkit (test scope)."
                        : "Check it with: tasker validate " + root.resolve(first));
        return 0;
    }

    private void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        out.println("wrote " + file);
    }
}

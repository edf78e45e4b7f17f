package dev.tasker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tasker new handler NAME [--dir DIR] [--package PKG]} and {@code tasker new template NAME [--dir DIR]
 * [--namespace NS]}: write a starting typed handler with its test, or a starting template, into the project
 * at {@code DIR} (Maven layout). Existing files are never overwritten: if one is there, nothing is written.
 */
final class NewCommand implements CliCommand {
    static final String DEFAULT_PACKAGE = "com.example.handlers";
    static final String DEFAULT_NAMESPACE = "default";

    @Override
    public String name() {
        return "new";
    }

    @Override
    public String usage() {
        return "new handler NAME [--dir DIR] [--package PKG] | new template NAME [--dir DIR] [--namespace NS]";
    }

    @Override
    public String summary() {
        return "write a starting typed handler (with its test) or template";
    }

    @Override
    public Set<String> flags() {
        return Set.of("dir", "package", "namespace");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        List<String> words = args.positional();
        if (words.size() != 2 || !words.get(0).equals("handler") && !words.get(0).equals("template")) {
            throw new UsageException("say what to write: new handler NAME, or new template NAME");
        }
        boolean handler = words.get(0).equals("handler");
        String wrongOption = handler ? "namespace" : "package";
        if (args.option(wrongOption, null) != null) {
            throw new UsageException("--" + wrongOption + " is for new " + (handler ? "template" : "handler"));
        }
        Path root = Path.of(args.option("dir", "."));
        Map<Path, String> files = handler
                ? Scaffold.handler(words.get(1), args.option("package", DEFAULT_PACKAGE))
                : Scaffold.template(words.get(1), args.option("namespace", DEFAULT_NAMESPACE));
        for (Path file : files.keySet()) {
            if (Files.exists(root.resolve(file))) {
                err.println("tasker new: " + root.resolve(file) + " already exists; nothing written");
                return 1;
            }
        }
        files.forEach((file, text) -> write(root.resolve(file), text, out));
        Path first = files.keySet().iterator().next();
        String type = first.getFileName().toString().replace(".java", "");
        out.println(handler ? "Register it with Tasker.builder().handlers(new " + type + "()), or name the class in a"
                + " template's callable; its test needs dev.tasker:tasker-testkit (test scope)."
                : "Check it with: tasker validate " + root.resolve(first));
        return 0;
    }

    private static void write(Path file, String text, PrintStream out) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        out.println("wrote " + file);
    }
}

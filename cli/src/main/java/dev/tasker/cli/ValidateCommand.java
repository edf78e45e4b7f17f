package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import dev.tasker.engine.template.TemplateProblem;
import dev.tasker.engine.template.TemplateReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasker validate PATH... [--strict]}: checks template files and folders. */
@Command(
        name = "validate",
        customSynopsis = "tasker validate PATH... [--strict] [--tasker-compatible [--fail-on-extensions]]",
        description = "check templates (files or folders); exit 0 only when all are valid")
final class ValidateCommand extends CliCommand {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "template files (*.yaml, *.yml) or folders")
    List<String> paths = List.of();

    @Option(names = "--strict", description = "warnings count as errors")
    boolean strict;

    @Option(
            names = "--tasker-compatible",
            description = "warn about each template that uses Tasker for Java extensions (its extensions: block),"
                    + " which Tasker does not run")
    boolean taskerCompatible;

    @Option(
            names = "--fail-on-extensions",
            description = "with --tasker-compatible: exit 2 when a template uses extensions")
    boolean failOnExtensions;

    ValidateCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (paths.isEmpty()) {
            throw new UsageException("name at least one template file or folder");
        }
        Path[] files = paths.stream().map(Path::of).toArray(Path[]::new);
        for (Path p : files) {
            if (!Files.exists(p)) {
                throw new UsageException("no such file or folder: " + p);
            }
        }
        List<TemplateReport> reports =
                TemplateLoader.builder().strict(false).build().check(files);
        if (reports.isEmpty()) {
            err.println("tasker validate: no template files (*.yaml, *.yml) found in " + String.join(", ", paths));
            return 1;
        }
        if (failOnExtensions && !taskerCompatible) {
            throw new UsageException("--fail-on-extensions goes with --tasker-compatible");
        }
        int failed = 0;
        int extended = 0;
        for (TemplateReport r : reports) {
            boolean ok = r.ok(strict);
            failed += ok ? 0 : 1;
            out.println((ok ? "ok    " : "FAIL  ") + describe(r));
            print(out, "warning", r.warnings(), strict);
            print(out, "error", r.errors(), false);
            if (taskerCompatible && r.template().isPresent()) {
                List<String> features = r.template().get().extensions().features();
                if (!features.isEmpty()) {
                    extended++;
                    out.println("      warning (tasker-compatible): uses Tasker for Java extensions ("
                            + String.join(", ", features) + ") under extensions:, which Tasker does not run");
                }
            }
        }
        out.printf(
                "%d template file(s): %d valid, %d invalid%s%n",
                reports.size(), reports.size() - failed, failed, strict ? " (strict: warnings count as errors)" : "");
        if (taskerCompatible) {
            out.printf(
                    "%d template file(s) use extensions Tasker does not run%s%n",
                    extended, extended == 0 ? "" : failOnExtensions ? " (--fail-on-extensions: exit 2)" : "");
        }
        if (failed != 0) {
            return 1;
        }
        return failOnExtensions && extended > 0 ? 2 : 0;
    }

    private static String describe(TemplateReport r) {
        if (r.template().isEmpty()) {
            return r.source();
        }
        TaskTemplate t = r.template().get();
        return t.namespace() + "/" + t.name() + "/" + t.version() + " ("
                + t.steps().size() + " step" + (t.steps().size() == 1 ? "" : "s") + ")  " + r.source();
    }

    private static void print(PrintStream out, String label, List<TemplateProblem> problems, boolean asError) {
        for (TemplateProblem p : problems) {
            // The label says the severity; asError() drops the "warning: " a warning's text carries.
            out.println("      " + (asError ? "error (strict)" : label) + ": " + p.asError());
        }
    }
}

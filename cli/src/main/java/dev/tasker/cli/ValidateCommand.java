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
        customSynopsis = "tasker validate PATH... [--strict]",
        description = "check templates (files or folders); exit 0 only when all are valid")
final class ValidateCommand extends CliCommand {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "template files (*.yaml, *.yml) or folders")
    List<String> paths = List.of();

    @Option(names = "--strict", description = "warnings count as errors")
    boolean strict;

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
        int failed = 0;
        for (TemplateReport r : reports) {
            boolean ok = r.ok(strict);
            failed += ok ? 0 : 1;
            out.println((ok ? "ok    " : "FAIL  ") + describe(r));
            print(out, "warning", r.warnings(), strict);
            print(out, "error", r.errors(), false);
        }
        out.printf(
                "%d template file(s): %d valid, %d invalid%s%n",
                reports.size(), reports.size() - failed, failed, strict ? " (strict: warnings count as errors)" : "");
        return failed == 0 ? 0 : 1;
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

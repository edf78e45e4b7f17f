package dev.tasker.cli;

import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import dev.tasker.engine.template.TemplateProblem;
import dev.tasker.engine.template.TemplateReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code tasker validate PATH... [--strict]}: checks template files and folders. */
final class ValidateCommand implements CliCommand {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String usage() {
        return "validate PATH... [--strict]";
    }

    @Override
    public String summary() {
        return "check templates (files or folders); exit 0 only when all are valid";
    }

    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags("strict");
        boolean strict = args.flag("strict");
        if (args.positional().isEmpty()) {
            throw new UsageException("name at least one template file or folder");
        }
        Path[] paths = args.positional().stream().map(Path::of).toArray(Path[]::new);
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UsageException("no such file or folder: " + p);
            }
        }
        List<TemplateReport> reports = TemplateLoader.builder().strict(false).build().check(paths);
        if (reports.isEmpty()) {
            err.println("tasker validate: no template files (*.yaml, *.yml) found in "
                    + String.join(", ", args.positional()));
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
        out.printf("%d template file(s): %d valid, %d invalid%s%n", reports.size(), reports.size() - failed, failed,
                strict ? " (strict: warnings count as errors)" : "");
        return failed == 0 ? 0 : 1;
    }

    private static String describe(TemplateReport r) {
        if (r.template().isEmpty()) {
            return r.source();
        }
        TaskTemplate t = r.template().get();
        return t.namespace() + "/" + t.name() + "/" + t.version() + " (" + t.steps().size() + " step"
                + (t.steps().size() == 1 ? "" : "s") + ")  " + r.source();
    }

    private static void print(PrintStream out, String label, List<TemplateProblem> problems, boolean asError) {
        for (TemplateProblem p : problems) {
            // The label says the severity; asError() drops the "warning: " a warning's text carries.
            out.println("      " + (asError ? "error (strict)" : label) + ": " + p.asError());
        }
    }
}

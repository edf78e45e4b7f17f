package dev.tasker.engine.template;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TemplateLoader#check} found in one file, for the CLI: the template when it loaded,
 * and its problems split by severity (warnings are never promoted here; {@link #ok} decides).
 *
 * @param source   the file checked
 * @param template the template, when there were no errors
 * @param warnings warnings, in file order
 * @param errors   errors, in file order
 */
public record TemplateReport(
        String source, Optional<TaskTemplate> template, List<TemplateProblem> warnings, List<TemplateProblem> errors) {

    /** Copies the lists. */
    public TemplateReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(template, "template");
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /**
     * @param strict whether warnings count as errors
     * @return true when the file passes
     */
    public boolean ok(boolean strict) {
        return errors.isEmpty() && (!strict || warnings.isEmpty());
    }
}

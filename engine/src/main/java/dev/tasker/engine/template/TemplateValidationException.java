package dev.tasker.engine.template;

import dev.tasker.engine.TaskerException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more templates were rejected. Carries every problem found, not only the first; the
 * message lists them one per line, compiler style, with no stack trace noise.
 */
public class TemplateValidationException extends TaskerException {
    private static final long serialVersionUID = 1L;

    // Transient: the problem records are not Serializable, and their text is in the message anyway.
    private final transient List<TemplateProblem> problems;

    /**
     * @param problems the problems, errors first; at least one
     */
    public TemplateValidationException(List<TemplateProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, errors first */
    public List<TemplateProblem> problems() {
        return problems;
    }

    private static String describe(List<TemplateProblem> problems) {
        long errors = problems.stream().filter(TemplateProblem::isError).count();
        long warnings = problems.size() - errors;
        String summary = "template validation failed: " + plural(errors, "error")
                + (warnings > 0 ? ", " + plural(warnings, "warning") : "");
        return problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n", summary + "\n", ""));
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}

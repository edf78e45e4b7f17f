package dev.tasker.engine.template;

import dev.tasker.engine.template.TemplateProblem.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Collects the problems of one document, locating each through the document's {@link SourceMap}. */
final class ProblemSink {
    private final String source;
    private final SourceMap map;
    /** "Did you mean" lookups per document; later problems are reported without a suggestion. */
    static final int SUGGESTION_BUDGET = 100;

    private final List<TemplateProblem> problems = new ArrayList<>();
    private int suggestionsLeft = SUGGESTION_BUDGET;

    ProblemSink(String source, SourceMap map) {
        this.source = source;
        this.map = map;
    }

    void error(String code, String pointer, @Nullable String step, String message) {
        add(Severity.ERROR, code, pointer, step, message);
    }

    void warning(String code, String pointer, @Nullable String step, String message) {
        add(Severity.WARNING, code, pointer, step, message);
    }

    /** A problem whose position came from the parser rather than from a node. */
    void errorAt(String code, @Nullable Integer line, @Nullable Integer column, String message) {
        problems.add(new TemplateProblem(Severity.ERROR, code, source, null, line, column, Shortened.message(message)));
    }

    private void add(Severity severity, String code, String pointer, @Nullable String step, String message) {
        SourceMap.Location at = map.find(pointer);
        problems.add(new TemplateProblem(
                severity,
                code,
                source,
                step,
                at == null ? null : at.line(),
                at == null ? null : at.column(),
                // A cycle's path is as long as the cycle, and every step of it is needed to break it.
                code.equals("CYCLE_DETECTED") ? Shortened.words(message) : Shortened.message(message)));
    }

    /**
     * {@link Suggestions#nearest}, within the document's budget: a file with thousands of unknown
     * names gets suggestions for the first {@value #SUGGESTION_BUDGET} only.
     */
    Optional<String> suggest(String typo, Collection<String> candidates) {
        if (suggestionsLeft <= 0) {
            return Optional.empty();
        }
        suggestionsLeft--;
        return Suggestions.nearest(typo, candidates);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(TemplateProblem::isError);
    }

    SourceMap map() {
        return map;
    }

    String source() {
        return source;
    }

    List<TemplateProblem> problems() {
        return List.copyOf(problems);
    }
}

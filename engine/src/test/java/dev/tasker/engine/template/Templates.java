package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds templates from YAML text in tests, and reads back their problems. */
final class Templates {
    /** Lines 1–4 of every {@link #withSteps} template; the first step starts on line 5. */
    static final String HEADER = """
            name: t
            namespace_name: ns
            version: 1.0.0
            steps:
            """;

    private Templates() {}

    static String withSteps(String steps) {
        return HEADER + steps;
    }

    static TaskTemplate load(String yaml) {
        return TemplateLoader.defaults().loadString(yaml, "t.yaml");
    }

    /** @return the problems of a template that must be rejected */
    static List<TemplateProblem> rejected(String yaml) {
        return assertThrows(
                        TemplateValidationException.class,
                        () -> TemplateLoader.defaults().loadString(yaml, "t.yaml"))
                .problems();
    }

    /** @return the one problem with {@code code}, failing when there is not exactly one */
    static TemplateProblem only(List<TemplateProblem> problems, String code) {
        List<TemplateProblem> matching =
                problems.stream().filter(p -> p.code().equals(code)).toList();
        if (matching.size() != 1) {
            fail("expected one " + code + " problem, got:\n" + describe(problems));
        }
        return matching.getFirst();
    }

    static String describe(List<TemplateProblem> problems) {
        return problems.stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    /** Checks YAML written to a file, so warnings can be read without strict mode. */
    static TemplateReport check(Path dir, String yaml) {
        try {
            Path file = Files.writeString(dir.resolve("t.yaml"), yaml);
            return TemplateLoader.defaults().check(file).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

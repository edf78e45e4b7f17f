package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConformanceCorpusTest {

    static List<Path> templates() {
        return Conformance.templates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void every_real_template_loads_with_no_errors_and_no_warnings(Path file) {
        TemplateReport report = TemplateLoader.defaults().check(file).getFirst();

        List<TemplateProblem> problems = new ArrayList<>(report.errors());
        problems.addAll(report.warnings());
        assertTrue(
                problems.isEmpty(),
                () -> "problems in " + file + ":\n"
                        + problems.stream().map(Object::toString).collect(Collectors.joining("\n")));
        assertTrue(report.template().isPresent());
    }

    @Test
    void the_conformance_corpus_is_found_with_its_73_templates() {
        assertEquals(73, templates().size());
    }
}

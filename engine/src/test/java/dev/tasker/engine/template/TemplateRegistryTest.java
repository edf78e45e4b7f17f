package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateRegistryTest {

    private static TaskTemplate template(String namespace, String name, String version, String source) {
        return TemplateLoader.defaults()
                .loadString(
                        withSteps("  - {name: a, handler: {callable: A}}\n")
                                .replace("name: t\n", "name: " + name + "\n")
                                .replace("namespace_name: ns", "namespace_name: " + namespace)
                                .replace("version: 1.0.0", "version: \"" + version + "\""),
                        source);
    }

    @Test
    void the_whole_conformance_corpus_forms_one_registry() {
        TemplateRegistry registry =
                TemplateRegistry.of(TemplateLoader.defaults().loadDirectory(Conformance.dir()));

        assertEquals(73, registry.all().size());
        assertEquals(
                "1.0.0",
                registry.find("conditional_approval_py", "approval_routing_py", null)
                        .orElseThrow()
                        .version());
    }

    @Test
    void the_same_name_in_two_namespaces_is_two_templates() {
        TemplateRegistry registry = TemplateRegistry.of(List.of(
                template("payments", "process_refund", "1.0.0", "p.yaml"),
                template("customer_success", "process_refund", "1.0.0", "c.yaml")));

        assertEquals(
                "p.yaml",
                registry.find("payments", "process_refund", "1.0.0")
                        .orElseThrow()
                        .source());
        assertEquals(
                "c.yaml",
                registry.find("customer_success", "process_refund", "1.0.0")
                        .orElseThrow()
                        .source());
    }

    @Test
    void an_exact_version_is_found_and_a_missing_one_is_empty() {
        TemplateRegistry registry = TemplateRegistry.of(List.of(template("ns", "t", "1.0.0", "a.yaml")));

        assertTrue(registry.find("ns", "t", "1.0.0").isPresent());
        assertEquals(Optional.empty(), registry.find("ns", "t", "1.0"));
        assertEquals(Optional.empty(), registry.find("ns", "other", null));
    }

    @Test
    void no_version_means_the_latest_by_semantic_version_order() {
        TemplateRegistry registry = TemplateRegistry.of(List.of(
                template("ns", "t", "1.9.0", "a.yaml"),
                template("ns", "t", "1.10.0", "b.yaml"),
                template("ns", "t", "2.0.0-rc.1", "c.yaml"),
                template("ns", "t", "1.10.0-beta", "d.yaml")));

        assertEquals("2.0.0-rc.1", registry.find("ns", "t", null).orElseThrow().version());
    }

    @Test
    void a_release_is_later_than_its_pre_release() {
        TemplateRegistry registry = TemplateRegistry.of(
                List.of(template("ns", "t", "2.0.0", "a.yaml"), template("ns", "t", "2.0.0-rc.2", "b.yaml")));

        assertEquals("2.0.0", registry.find("ns", "t", null).orElseThrow().version());
    }

    @Test
    void a_duplicate_template_from_two_sources_is_an_error_naming_both() {
        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateRegistry.of(List.of(
                        template("ns", "t", "1.0.0", "orders/a.yaml"),
                        template("ns", "t", "1.0.0", "orders/copy-of-a.yaml"))));

        assertEquals(
                "orders/copy-of-a.yaml: template ns/t/1.0.0 is defined twice: in orders/a.yaml and in"
                        + " orders/copy-of-a.yaml",
                e.problems().getFirst().toString());
        assertEquals("DUPLICATE_TEMPLATE", e.problems().getFirst().code());
    }

    @Test
    void all_is_read_only() {
        TemplateRegistry registry = TemplateRegistry.of(List.of(template("ns", "t", "1.0.0", "a.yaml")));

        assertThrows(UnsupportedOperationException.class, () -> registry.all().clear());
    }
}

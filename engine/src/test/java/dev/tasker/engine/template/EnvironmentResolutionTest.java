package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §2 environments: ALL first, then named steps; initialization by key; timeout replaced; retry by field. */
class EnvironmentResolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void an_all_override_in_a_real_fixture_reaches_every_step_and_keeps_the_other_retry_fields() {
        TaskTemplate template = Conformance.load("tasker-fixtures/python/conditional_approval_handler_py.yaml");

        TaskTemplate test = template.resolveFor("test");

        for (StepDefinition step : test.steps()) {
            assertEquals(10, step.timeoutSeconds(), step.name());
            // The reference would reset these to its serde defaults; we keep the template's values.
            assertEquals(
                    new RetryPolicy(true, 2, BackoffStrategy.EXPONENTIAL, 1000, 30_000), step.retry(), step.name());
            assertEquals(template.requireStep(step.name()).handler(), step.handler(), step.name());
        }
        assertEquals(30, template.requireStep("routing_decision_py").timeoutSeconds());
        assertEquals(3, template.requireStep("routing_decision_py").retry().maxAttempts());
    }

    @Test
    void named_overrides_in_a_real_fixture_change_only_the_named_fields() {
        TaskTemplate template = Conformance.load("tasker-fixtures/python/domain_event_publishing_py.yaml");

        StepDefinition payment = template.resolveFor("test").requireStep("domain_events_py_process_payment");

        assertEquals(10, payment.timeoutSeconds());
        assertEquals(new RetryPolicy(true, 1, BackoffStrategy.EXPONENTIAL, 1000, 10_000), payment.retry());
        assertEquals(2, payment.publishesEvents().size());
    }

    @Test
    void an_environment_without_overrides_returns_the_same_template() {
        TaskTemplate template = Conformance.load("tasker-fixtures/python/diamond_workflow_handler_py.yaml");

        assertSame(template, template.resolveFor("production"));
    }

    private static final String LAYERED = withSteps("""
              - name: charge
                handler:
                  callable: Charge
                  initialization: {gateway: live, currency: EUR, retries_logged: true}
                timeout_seconds: 60
                retry: {retryable: false, max_attempts: 5, backoff: linear, backoff_base_ms: 250, max_backoff_ms: 9000}
              - name: notify
                handler: {callable: Notify}
            environments:
              test:
                steps:
                  - name: charge
                    handler: {initialization: {gateway: sandbox}}
                    retry: {max_attempts: 2}
                  - name: ALL
                    timeout_seconds: 5
                    handler: {initialization: {gateway: stub, trace: true}}
            """);

    @Test
    void all_applies_before_named_steps_whatever_their_order_in_the_file() {
        TaskTemplate test = Templates.load(LAYERED).resolveFor("test");

        assertEquals(
                json("{\"gateway\":\"sandbox\",\"currency\":\"EUR\",\"retries_logged\":true,\"trace\":true}"),
                test.requireStep("charge").handler().initialization());
        assertEquals(
                json("{\"gateway\":\"stub\",\"trace\":true}"),
                test.requireStep("notify").handler().initialization());
    }

    @Test
    void timeout_is_replaced() {
        TaskTemplate test = Templates.load(LAYERED).resolveFor("test");

        assertEquals(5, test.requireStep("charge").timeoutSeconds());
        assertEquals(5, test.requireStep("notify").timeoutSeconds());
    }

    @Test
    void retry_is_merged_field_by_field() {
        TaskTemplate test = Templates.load(LAYERED).resolveFor("test");

        assertEquals(
                new RetryPolicy(false, 2, BackoffStrategy.LINEAR, 250, 9000),
                test.requireStep("charge").retry());
        assertEquals(RetryPolicy.DEFAULT, test.requireStep("notify").retry());
    }

    @Test
    void resolving_leaves_the_original_template_untouched() {
        TaskTemplate template = Templates.load(LAYERED);

        template.resolveFor("test");

        assertEquals(
                "live",
                template.requireStep("charge")
                        .handler()
                        .initialization()
                        .path("gateway")
                        .asText());
        assertEquals(60, template.requireStep("charge").timeoutSeconds());
        assertEquals(List.of("charge", "notify"), template.graph().topologicalOrder());
    }

    @Test
    void an_override_naming_an_unknown_step_is_ignored() {
        TaskTemplate template = Templates.load(withSteps("""
                  - {name: a, handler: {callable: A}, timeout_seconds: 7}
                environments:
                  test:
                    steps:
                      - {name: b, timeout_seconds: 1}
                """));

        assertEquals(7, template.resolveFor("test").requireStep("a").timeoutSeconds());
    }

    @Test
    void the_resolved_template_keeps_its_identity_and_graph() {
        TaskTemplate template = Conformance.load("tasker-fixtures/python/conditional_approval_handler_py.yaml");

        TaskTemplate test = template.resolveFor("test");

        assertEquals(template.key(), test.key());
        assertEquals(template.graph().initialSteps(), test.graph().initialSteps());
        assertEquals(template.environments(), test.environments());
    }
}

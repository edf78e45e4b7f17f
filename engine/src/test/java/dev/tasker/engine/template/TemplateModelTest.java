package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records built without YAML: defaults, validation in constructors, and immutability. */
class TemplateModelTest {
    private static final HandlerDefinition HANDLER = new HandlerDefinition("A", null, null, null);

    private static StepDefinition step(String name, StepType type, String... dependencies) {
        return new StepDefinition(
                name, null, HANDLER, type, List.of(dependencies), null, null, null, null, null, null, null);
    }

    private static TaskTemplate template(StepDefinition... steps) {
        return new TaskTemplate(
                "ns", "t", "1.0.0", null, null, null, null, null, List.of(steps), null, null, null, null, null);
    }

    @Test
    void a_step_takes_the_defaults_for_what_it_leaves_out() {
        StepDefinition step = step("a", null);

        assertEquals(StepType.STANDARD, step.type());
        assertEquals(List.of(), step.dependencies());
        assertEquals(RetryPolicy.DEFAULT, step.retry());
        assertEquals(List.of(), step.publishesEvents());
        assertNull(step.timeoutSeconds());
    }

    @Test
    void a_step_drops_repeated_dependencies_and_keeps_their_order() {
        assertEquals(List.of("b", "a"), step("c", null, "b", "a", "b").dependencies());
    }

    @Test
    void a_step_refuses_a_blank_name_a_self_dependency_and_a_zero_timeout() {
        assertEquals(
                "step name must not be empty",
                assertThrows(IllegalArgumentException.class, () -> step(" ", null))
                        .getMessage());
        assertEquals(
                "step 'a' depends on itself",
                assertThrows(IllegalArgumentException.class, () -> step("a", null, "a"))
                        .getMessage());
        assertThrows(
                NullPointerException.class,
                () -> new StepDefinition("a", null, null, null, null, null, null, null, null, null, null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepDefinition("a", null, HANDLER, null, null, null, 0, null, null, null, null, null));
    }

    @Test
    void handler_method_defaults_to_call_and_only_another_method_means_dispatch() {
        assertEquals("call", HANDLER.effectiveMethod());
        assertFalse(HANDLER.usesMethodDispatch());
        assertFalse(new HandlerDefinition("A", "call", null, null).usesMethodDispatch());
        assertTrue(new HandlerDefinition("A", "refund", null, null).usesMethodDispatch());
        assertEquals("refund", new HandlerDefinition("A", "refund", null, null).effectiveMethod());
        assertNull(new HandlerDefinition("A", " ", "", null).method());
    }

    @Test
    void a_handler_refuses_an_empty_callable() {
        assertEquals(
                "handler.callable must not be empty",
                assertThrows(IllegalArgumentException.class, () -> new HandlerDefinition("", null, null, null))
                        .getMessage());
    }

    @Test
    void handler_initialization_cannot_be_changed_from_outside() {
        ObjectNode init = JsonNodeFactory.instance.objectNode().put("region", "eu");
        HandlerDefinition handler = new HandlerDefinition("A", null, null, init);

        init.put("region", "us");
        handler.initialization().put("region", "mars");

        assertEquals("eu", handler.initialization().path("region").asText());
        assertTrue(HANDLER.initialization().isEmpty());
    }

    @Test
    void an_event_takes_its_defaults_and_checks_its_name_and_publisher() {
        EventDeclaration event = new EventDeclaration("order.made", null, null, null, null, null);

        assertEquals(EventCondition.SUCCESS, event.condition());
        assertEquals(DeliveryMode.DURABLE, event.deliveryMode());
        assertEquals("", event.description());
        assertThrows(IllegalArgumentException.class, () -> new EventDeclaration("Order", null, null, null, null, null));
        assertThrows(
                IllegalArgumentException.class, () -> new EventDeclaration("a.b", null, null, null, null, "no spaces"));
        assertEquals(
                "Orders::Publishers::Payment",
                new EventDeclaration("a.b", null, null, null, null, "Orders::Publishers::Payment").publisher());
    }

    @Test
    void batch_configuration_takes_the_documented_defaults() {
        BatchConfiguration batch = new BatchConfiguration(1000, 10, null, null, null);

        assertEquals("id", batch.cursorField());
        assertEquals(FailureStrategy.CONTINUE_ON_FAILURE, batch.failureStrategy());
        assertNull(batch.workerTemplate());
        assertThrows(IllegalArgumentException.class, () -> new BatchConfiguration(0, 10, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new BatchConfiguration(10, 0, null, null, null));
    }

    @Test
    void lifecycle_thresholds_must_be_positive_and_the_action_known() {
        assertThrows(IllegalArgumentException.class, () -> new LifecycleConfig(0, null, null, null, null, null, null));
        assertThrows(
                IllegalArgumentException.class, () -> new LifecycleConfig(null, null, null, null, "panic", null, null));
        assertEquals("dlq", new LifecycleConfig(1, 2, 3, 4, "dlq", true, false).stalenessAction());
    }

    @Test
    void the_dlq_staleness_thresholds_of_a_template_are_read() {
        TaskTemplate template = Templates.load("""
                lifecycle:
                  max_waiting_for_dependencies_minutes: 2
                  max_waiting_for_retry_minutes: 2
                  max_steps_in_process_minutes: 2
                  max_duration_minutes: 30
                  staleness_action: dlq
                  auto_fail_on_timeout: true
                """ + Templates.withSteps("  - {name: a, handler: {callable: A}}\n"));

        assertEquals(new LifecycleConfig(2, 2, 2, 30, "dlq", true, null), template.lifecycle());
    }

    @Test
    void a_step_override_for_all_steps_is_recognised() {
        assertTrue(new StepOverride("ALL", null, null, null).appliesToAll());
        assertFalse(new StepOverride("all", null, null, null).appliesToAll());
        assertThrows(IllegalArgumentException.class, () -> new StepOverride("a", null, 0, null));
    }

    @Test
    void enums_read_their_yaml_names_and_list_valid_ones_otherwise() {
        assertEquals(StepType.DEFERRED_CONVERGENCE, StepType.fromYaml("deferred_convergence"));
        assertEquals("batch_worker", StepType.BATCH_WORKER.yamlName());
        assertEquals(IdentityStrategy.CALLER_PROVIDED, IdentityStrategy.fromYaml("caller_provided"));
        assertEquals(DeliveryMode.BROADCAST, DeliveryMode.fromYaml("broadcast"));
        assertEquals(FailureStrategy.FAIL_FAST, FailureStrategy.fromYaml("fail_fast"));
        assertEquals(EventCondition.PERMANENT_FAILURE, EventCondition.fromYaml("permanent_failure"));
        assertEquals(
                "invalid backoff 'Linear'; expected one of: none, linear, exponential, fibonacci (did you mean 'linear'?)",
                assertThrows(IllegalArgumentException.class, () -> BackoffStrategy.fromYaml("Linear"))
                        .getMessage());
    }

    @Test
    void a_template_needs_steps_and_its_identity_fields() {
        assertThrows(IllegalArgumentException.class, () -> template());
        assertThrows(
                IllegalArgumentException.class,
                () -> new TaskTemplate(
                        "",
                        "t",
                        "1",
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(step("a", null)),
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    @Test
    void a_template_built_in_code_refuses_the_same_graph_errors_as_the_loader() {
        assertEquals(
                "dependency cycle: a -> b -> a",
                assertThrows(IllegalArgumentException.class, () -> template(step("a", null, "b"), step("b", null, "a")))
                        .getMessage());
        assertEquals(
                "step 'a' depends on unknown step 'z'",
                assertThrows(IllegalArgumentException.class, () -> template(step("a", null, "z")))
                        .getMessage());
        assertEquals(
                "duplicate step name 'a'",
                assertThrows(IllegalArgumentException.class, () -> template(step("a", null), step("a", null)))
                        .getMessage());
        assertEquals(
                "step 'd': a decision step needs at least one dependency",
                assertThrows(IllegalArgumentException.class, () -> template(step("d", StepType.DECISION)))
                        .getMessage());
    }

    @Test
    void a_template_built_in_code_copies_what_it_is_given() {
        List<StepDefinition> steps = new ArrayList<>(List.of(step("a", null)));
        TaskTemplate template = new TaskTemplate(
                "ns",
                "t",
                "1.0.0",
                null,
                null,
                null,
                null,
                null,
                steps,
                Map.of(),
                null,
                IdentityStrategy.ALWAYS_UNIQUE,
                null,
                null);

        steps.add(step("b", null));

        assertEquals(1, template.steps().size());
        assertEquals("inline", template.source());
        assertEquals(IdentityStrategy.ALWAYS_UNIQUE, template.identityStrategy());
        assertThrows(UnsupportedOperationException.class, () -> template.steps().add(step("c", null)));
        assertSame(template.graph(), template.graph());
    }

    @Test
    void step_lookup_finds_by_name_and_explains_a_miss() {
        TaskTemplate template = template(step("a", null));

        assertEquals("a", template.step("a").orElseThrow().name());
        assertTrue(template.step("b").isEmpty());
        assertEquals(
                "template ns/t/1.0.0 has no step 'b'",
                assertThrows(IllegalArgumentException.class, () -> template.requireStep("b"))
                        .getMessage());
    }

    @Test
    void templates_with_the_same_content_are_equal() {
        String yaml = Templates.withSteps("  - {name: a, handler: {callable: A, initialization: {k: 1}}}\n");

        assertEquals(Templates.load(yaml), Templates.load(yaml));
        assertEquals(Templates.load(yaml).hashCode(), Templates.load(yaml).hashCode());
        assertEquals(
                "TaskTemplate[ns/t/1.0.0 from t.yaml, 1 steps]",
                Templates.load(yaml).toString());
    }

    @Test
    void every_field_of_a_rich_fixture_is_read() {
        TaskTemplate template = Conformance.load("tasker-fixtures/python/domain_event_publishing_py.yaml");
        StepDefinition payment = template.requireStep("domain_events_py_process_payment");
        EventDeclaration processed = payment.publishesEvents().getFirst();

        assertEquals("domain_events_py", template.namespace());
        assertEquals("1.0.0", template.version());
        assertEquals("object", template.inputSchema().path("type").asText());
        assertEquals("default", template.systemDependencies().path("primary").asText());
        assertEquals("TAS-65 Implementation", template.metadata().path("author").asText());
        assertEquals(
                "domain_events_py.step_handlers.ProcessPaymentHandler",
                payment.handler().callable());
        assertEquals(
                "mock",
                payment.handler().initialization().path("payment_provider").asText());
        assertEquals(List.of("domain_events_py_validate_order"), payment.dependencies());
        assertEquals(60, payment.timeoutSeconds());
        assertEquals("payment.processed", processed.name());
        assertEquals(DeliveryMode.DURABLE, processed.deliveryMode());
        assertEquals("domain_events_py.publishers.PaymentEventPublisher", processed.publisher());
        assertEquals(EventCondition.FAILURE, payment.publishesEvents().get(1).condition());
        assertTrue(processed.schema().path("required").isArray());
    }

    @Test
    void batch_and_task_handler_blocks_of_real_fixtures_are_read() {
        StepDefinition worker = Conformance.load("tasker-fixtures/python/batch_processing_py.yaml")
                .requireStep("process_csv_batch_py");
        TaskTemplate ecommerce = Conformance.load("example-apps/ecommerce_order_processing.yaml");

        assertEquals(
                new BatchConfiguration(
                        200, 5, "row_number", "process_csv_batch_py", FailureStrategy.CONTINUE_ON_FAILURE),
                worker.batchConfig());
        assertEquals(
                "ecommerce.task_handlers.OrderProcessingHandler",
                ecommerce.taskHandler().path("callable").asText());
        assertEquals(
                "object",
                ecommerce
                        .requireStep("validate_cart")
                        .resultSchema()
                        .path("type")
                        .asText());
    }

    @Test
    void method_dispatch_fixture_reads_the_named_methods() {
        TaskTemplate template = Conformance.load("tasker-fixtures/python/method_dispatch_py.yaml");

        assertEquals(
                List.of("validate", "process", "refund", "call"),
                template.steps().stream()
                        .map(s -> s.handler().effectiveMethod())
                        .toList());
    }

    @Test
    void numeric_looking_versions_keep_their_spelling() {
        TaskTemplate template = Templates.load(Templates.withSteps("  - {name: a, handler: {callable: A}}\n")
                .replace("version: 1.0.0", "version: 1.10"));

        assertEquals("1.10", template.version());
    }
}

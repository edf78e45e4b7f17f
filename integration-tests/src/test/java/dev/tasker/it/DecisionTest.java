package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §4 decision points and deferred convergence on the reference's conditional-approval fixture
 * (reference §8.3 C1, §4.1–4.2, §1.11): only the chosen approvals exist, the convergence waits for exactly
 * those, and an outcome the engine cannot carry out fails the decision naming what is wrong.
 */
class DecisionTest {
    private static final String NS = "conditional_approval_py";
    private static final String NAME = "approval_routing_py";

    private final String url = TestEngines.memoryUrl();

    private Tasker engine(Map<String, UnaryOperator<StepHandler>> wrap) {
        TaskerBuilder b = TestEngines.builder(new ManualClock())
                .jdbcUrl(url)
                .templates(Conformance.python("conditional_approval_handler_py.yaml"));
        return ApprovalHandlers.register(b, wrap).build();
    }

    private static TaskHandle submit(Tasker tasker, double amount) {
        return tasker.submit(
                TaskRequest.of(NS, NAME, Map.of("amount", amount, "requester", "ann", "purpose", "laptops")));
    }

    private static Set<String> names(TaskSnapshot s) {
        return s.steps().stream().map(StepSnapshot::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "amount {0}: {1} steps, path {2}")
    @CsvSource({
        "500,   4, auto,          automatic,        auto_approve_py",
        "3000,  4, manager_only,  manager,          manager_approval_py",
        "10000, 5, dual_approval, finance;manager,  manager_approval_py;finance_review_py"
    })
    void the_amount_decides_which_approvals_exist_and_the_finalizer_sums_them_up(
            double amount, int steps, String path, String chain, String approvals) {
        try (Tasker tasker = engine(Map.of())) {
            TaskSnapshot s = submit(tasker, amount).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            assertEquals(steps, s.steps().size(), () -> "steps: " + names(s));
            Set<String> created = Set.of(approvals.split(";"));
            for (String approval : ApprovalHandlers.APPROVAL_STEPS) {
                assertEquals(created.contains(approval), names(s).contains(approval), approval);
            }
            var result = s.step("finalize_approval_py").result();
            assertEquals(path, result.get("approval_path").asText());
            assertEquals(List.of(chain.split(";")), texts(result.get("approval_chain")));
            assertTrue(result.get("approved").asBoolean());
            assertEquals(amount, result.get("final_amount").asDouble());
            assertEquals("ann", result.get("requester").asText());
            assertEquals("laptops", result.get("purpose").asText());
        }
    }

    @Test
    void only_the_validation_and_the_decision_exist_when_the_task_starts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Tasker tasker = engine(Map.of(ApprovalHandlers.VALIDATE, inner -> ctx -> {
            release.await(10, TimeUnit.SECONDS);
            return inner.call(ctx);
        }))) {
            TaskHandle h = submit(tasker, 10_000);
            Awaits.step(tasker, h.taskId(), "validate_request_py", st -> st.state() == StepState.IN_PROGRESS);
            TaskSnapshot atStart = tasker.task(h.taskId()).orElseThrow();
            assertEquals(Set.of("validate_request_py", "routing_decision_py"), names(atStart));
            release.countDown();
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
        }
    }

    @Test
    void the_finalizer_waits_only_for_the_created_approvals_and_sees_exactly_their_results() {
        Map<Double, Set<String>> seen = new ConcurrentHashMap<>();
        try (Tasker tasker = engine(Map.of(ApprovalHandlers.FINALIZE, inner -> ctx -> {
            seen.put(
                    ctx.getInput("amount").asDouble(),
                    new TreeSet<>(ctx.getDependencyResults("").keySet()));
            return inner.call(ctx);
        }))) {
            for (double amount : new double[] {500, 3000, 10_000}) {
                TaskHandle h = submit(tasker, amount);
                TaskSnapshot s = h.await(TestEngines.AWAIT);
                assertEquals(TaskState.COMPLETE, s.state());
                // It started only after every created approval completed (the audit is in commit order).
                AuditTrail audit = tasker.audit(h.taskId());
                int finalizeStarted = index(audit, "finalize_approval_py", StepState.IN_PROGRESS);
                for (String approval : ApprovalHandlers.APPROVAL_STEPS) {
                    if (names(s).contains(approval)) {
                        assertTrue(index(audit, approval, StepState.COMPLETE) < finalizeStarted, approval);
                    } else {
                        assertTrue(audit.step(approval).isEmpty(), approval + " never existed, never ran");
                    }
                }
            }
        }
        assertEquals(Set.of("validate_request_py", "routing_decision_py", "auto_approve_py"), seen.get(500.0));
        assertEquals(Set.of("validate_request_py", "routing_decision_py", "manager_approval_py"), seen.get(3000.0));
        assertEquals(
                Set.of("validate_request_py", "routing_decision_py", "manager_approval_py", "finance_review_py"),
                seen.get(10_000.0));
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int index(AuditTrail audit, String step, StepState to) {
        for (int i = 0; i < audit.steps().size(); i++) {
            StepTransition r = audit.steps().get(i);
            if (r.stepName().equals(step) && r.toState() == to) {
                return i;
            }
        }
        throw new AssertionError(step + " never went to " + to + ": " + audit.steps());
    }

    @Test
    void manager_and_finance_review_run_at_the_same_time_for_a_large_amount() {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        UnaryOperator<StepHandler> meet = inner -> ctx -> {
            bothRunning.await(10, TimeUnit.SECONDS); // breaks (and fails the step) if the other never starts
            return inner.call(ctx);
        };
        try (Tasker tasker = engine(Map.of(ApprovalHandlers.MANAGER, meet, ApprovalHandlers.FINANCE, meet))) {
            TaskSnapshot s = submit(tasker, 10_000).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), () -> "an approval waited alone: " + s.steps());
            assertEquals(1, s.step("manager_approval_py").attempts());
            assertEquals(1, s.step("finance_review_py").attempts());
        }
    }

    @Test
    void edges_and_audit_follow_the_reference_worked_example_for_ten_thousand() {
        UUID id;
        try (Tasker tasker = engine(Map.of())) {
            TaskHandle h = submit(tasker, 10_000);
            assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            id = h.taskId();
            AuditTrail audit = tasker.audit(id);
            Set<String> audited =
                    audit.steps().stream().map(StepTransition::stepName).collect(Collectors.toSet());
            assertEquals(
                    Set.of(
                            "validate_request_py",
                            "routing_decision_py",
                            "manager_approval_py",
                            "finance_review_py",
                            "finalize_approval_py"),
                    audited);
            int decided = index(audit, "routing_decision_py", StepState.COMPLETE);
            assertTrue(decided < index(audit, "manager_approval_py", StepState.IN_PROGRESS));
            assertTrue(decided < index(audit, "finance_review_py", StepState.IN_PROGRESS));
            for (String step : audited) {
                assertEquals(
                        List.of(StepState.IN_PROGRESS, StepState.COMPLETE),
                        audit.step(step).stream().map(StepTransition::toState).toList(),
                        step);
            }
        }
        try (WorkflowStore store =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(null, url, null, null, 1, null))) {
            StoredTask stored = store.loadTasks(List.of(id)).get(0);
            Map<UUID, String> byId = stored.steps().stream().collect(Collectors.toMap(StepRow::stepId, StepRow::name));
            Set<String> edges = stored.edges().stream().map(e -> edge(byId, e)).collect(Collectors.toSet());
            assertEquals(
                    Set.of(
                            "validate_request_py -provides-> routing_decision_py",
                            "routing_decision_py -provides-> manager_approval_py",
                            "routing_decision_py -provides-> finance_review_py",
                            "manager_approval_py -provides-> finalize_approval_py",
                            "finance_review_py -provides-> finalize_approval_py"),
                    edges);
            assertEquals(
                    "deferred_convergence",
                    stored.steps().stream()
                            .filter(r -> r.name().equals("finalize_approval_py"))
                            .findFirst()
                            .orElseThrow()
                            .stepType());
        }
    }

    private static String edge(Map<UUID, String> byId, EdgeRow e) {
        return byId.get(e.fromStepId()) + " -" + e.name() + "-> " + byId.get(e.toStepId());
    }

    @Test
    void a_decision_naming_an_unknown_step_fails_permanently_naming_it_and_blocks_the_task() {
        try (Tasker tasker = engine(Map.of(
                ApprovalHandlers.ROUTE,
                inner -> ctx -> StepHandlerResult.decision(List.of("manager_approval_py", "ceo_signoff_py"))))) {
            TaskSnapshot s = submit(tasker, 10_000).await(TestEngines.AWAIT);
            assertDecisionRefused(s, "ceo_signoff_py");
        }
    }

    @Test
    void a_decision_naming_a_step_that_does_not_descend_from_it_fails_permanently_naming_it() {
        try (Tasker tasker = engine(Map.of(
                ApprovalHandlers.ROUTE, inner -> ctx -> StepHandlerResult.decision(List.of("validate_request_py"))))) {
            TaskSnapshot s = submit(tasker, 10_000).await(TestEngines.AWAIT);
            assertDecisionRefused(s, "validate_request_py");
        }
    }

    private static void assertDecisionRefused(TaskSnapshot s, String named) {
        assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
        StepSnapshot decision = s.step("routing_decision_py");
        assertEquals(StepState.ERROR, decision.state());
        assertEquals(1, decision.attempts(), "a permanent failure is not retried");
        assertEquals("permanent_error", decision.error().get("error_type").asText());
        assertFalse(decision.error().get("retryable").asBoolean());
        String message = decision.error().get("message").asText();
        assertTrue(message.contains(named) && message.contains("routing_decision_py"), message);
        assertEquals(Set.of("validate_request_py", "routing_decision_py"), names(s), "nothing was created");
    }

    @Test
    void no_branches_completes_the_task_without_creating_branches_or_the_convergence() {
        try (Tasker tasker = engine(Map.of(ApprovalHandlers.ROUTE, inner -> ctx -> StepHandlerResult.noBranches()))) {
            TaskSnapshot s = submit(tasker, 10_000).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(Set.of("validate_request_py", "routing_decision_py"), names(s));
            assertEquals(
                    "no_branches",
                    s.step("routing_decision_py")
                            .result()
                            .get("decision_point_outcome")
                            .get("type")
                            .asText());
        }
    }
}

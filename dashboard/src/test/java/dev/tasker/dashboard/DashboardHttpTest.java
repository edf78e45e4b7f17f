package dev.tasker.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over HTTP with a plain client: reads, redaction, and who may act. */
class DashboardHttpTest {
    static final Duration AWAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final Fixture fixture = new Fixture();
    final HttpClient http = HttpClient.newHttpClient();
    Tasker tasker;
    TaskerDashboard dashboard;

    @BeforeEach
    void start() {
        tasker = fixture.engine(dir);
        dashboard = TaskerDashboard.start(
                tasker, DashboardOptions.defaults().port(0).token(Fixture.TOKEN));
    }

    @AfterEach
    void stop() {
        dashboard.close();
        tasker.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(dashboard.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(dashboard.url().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    UUID blockedTask() {
        UUID id = tasker.submit(TaskRequest.of("dash", "flaky", Map.of("password", "s3cret", "amount", 10)))
                .taskId();
        org.awaitility.Awaitility.await()
                .atMost(AWAIT)
                .until(() -> tasker.task(id).orElseThrow().state() == TaskState.BLOCKED_BY_FAILURES
                        || tasker.task(id).orElseThrow().state() == TaskState.ERROR);
        return id;
    }

    @Test
    void the_page_its_assets_and_the_api_answer_with_security_headers_and_nothing_else_is_served() throws Exception {
        var page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Tasker dashboard"));
        assertTrue(page.headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow()
                .contains("frame-ancestors 'none'"));
        assertEquals(
                "nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals(200, get("/assets/app.js").statusCode());
        assertEquals(404, get("/assets/../Routes.class").statusCode());
        assertEquals(404, get("/assets/%2e%2e/internal/Routes.class").statusCode());
        assertEquals(404, get("/dev/tasker/dashboard/assets/app.js").statusCode());
        assertEquals(404, get("/anything").statusCode());
        assertEquals(404, get("/api/nothing").statusCode());
    }

    @Test
    void tasks_overview_and_task_page_show_a_finished_task_with_its_steps_and_redacted_fields() throws Exception {
        TaskSnapshot done = tasker.submit(TaskRequest.of("dash", "diamond", Map.of("user", "ann", "password", "pw1")))
                .await(AWAIT);
        JsonNode list = JSON.readTree(get("/api/tasks").body());
        assertEquals(
                done.taskId().toString(), list.get("tasks").get(0).get("id").asText());
        assertEquals("complete", list.get("tasks").get(0).get("state").asText());
        assertEquals(4, list.get("tasks").get(0).get("steps").get("complete").asInt());

        JsonNode filtered = JSON.readTree(get("/api/tasks?state=error").body());
        assertEquals(0, filtered.get("tasks").size());

        JsonNode task = JSON.readTree(get("/api/tasks/" + done.taskId()).body());
        assertEquals(4, task.get("stepList").size());
        assertEquals(4, task.get("edges").size());
        assertEquals(4, task.get("planned").size());
        assertEquals("ann", task.get("context").get("user").asText());
        assertEquals("[redacted]", task.get("context").get("password").asText());
        assertEquals(
                "[redacted]",
                task.get("stepList").get(0).get("result").get("password").asText());
        String raw = get("/api/tasks/" + done.taskId()).body();
        assertFalse(raw.contains("pw1"), raw);
        assertFalse(raw.contains("hunter2"), raw);

        JsonNode overview = JSON.readTree(get("/api/overview").body());
        assertEquals(1, overview.get("tasks").get("complete").asLong());
        long completedSteps = 0;
        for (JsonNode minute : overview.get("activity")) {
            completedSteps += minute.get("completed").asLong();
        }
        assertEquals(4, completedSteps);
        assertNotNull(overview.get("engine"));

        assertEquals(404, get("/api/tasks/" + UUID.randomUUID()).statusCode());
        assertEquals(400, get("/api/tasks?limit=abc").statusCode());
    }

    @Test
    void the_task_list_pages_by_cursor_and_filters_by_template_and_time() throws Exception {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(
                    0,
                    tasker.submit(TaskRequest.of("dash", "diamond", Map.of("i", i)))
                            .await(AWAIT)
                            .taskId()
                            .toString());
        }
        JsonNode first = JSON.readTree(get("/api/tasks?limit=2&name=diamond").body());
        assertEquals(2, first.get("tasks").size());
        assertTrue(first.get("more").asBoolean());
        JsonNode second = JSON.readTree(get("/api/tasks?limit=2&name=diamond&after="
                        + java.net.URLEncoder.encode(
                                first.get("next").asText(), java.nio.charset.StandardCharsets.UTF_8))
                .body());
        assertEquals(1, second.get("tasks").size());
        assertFalse(second.get("more").asBoolean());
        assertEquals(
                ids,
                java.util.List.of(
                        first.get("tasks").get(0).get("id").asText(),
                        first.get("tasks").get(1).get("id").asText(),
                        second.get("tasks").get(0).get("id").asText()));
        assertEquals(
                0,
                JSON.readTree(get("/api/tasks?name=flaky").body()).get("tasks").size());
        assertEquals(
                0,
                JSON.readTree(get("/api/tasks?from=2999-01-01T00:00:00Z").body())
                        .get("tasks")
                        .size());
        assertEquals(
                3,
                JSON.readTree(get("/api/tasks?to=2999-01-01T00:00:00Z").body())
                        .get("tasks")
                        .size());
        assertEquals(
                ids.get(1),
                JSON.readTree(get("/api/tasks?q=" + ids.get(1)).body())
                        .get("tasks")
                        .get(0)
                        .get("id")
                        .asText());
        assertEquals(400, get("/api/tasks?from=yesterday").statusCode());
    }

    @Test
    void a_task_is_found_by_its_identity_key_within_its_template() throws Exception {
        UUID keyed = tasker.submit(
                        TaskRequest.of("dash", "diamond", Map.of("i", 42)).withIdempotencyKey("order-7"))
                .taskId();
        tasker.submit(TaskRequest.of("dash", "diamond", Map.of("i", 43)).withIdempotencyKey("order-8"));
        JsonNode found = JSON.readTree(
                        get("/api/tasks?q=order-7&namespace=dash&name=diamond").body())
                .get("tasks");
        assertEquals(1, found.size());
        assertEquals(keyed.toString(), found.get(0).get("id").asText());
        assertEquals(
                0,
                JSON.readTree(get("/api/tasks?q=order-9&namespace=dash&name=diamond")
                                .body())
                        .get("tasks")
                        .size());
        var withoutTemplate = get("/api/tasks?q=order-7");
        assertEquals(400, withoutTemplate.statusCode());
        assertTrue(withoutTemplate.body().contains("give its namespace and template too"), withoutTemplate.body());
    }

    @Test
    void an_action_needs_the_token_or_a_session_with_its_csrf_token_and_is_audited_with_the_actor() throws Exception {
        UUID id = blockedTask();
        String body = "{\"reason\":\"card fixed\"}";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertEquals(401, post("/api/tasks/" + id + "/retry", body, json).statusCode());
        assertEquals(
                401,
                post(
                                "/api/tasks/" + id + "/retry",
                                body,
                                Map.of(
                                        "Content-Type",
                                        "application/json",
                                        "Authorization",
                                        "Bearer wrong-token-0000000000"))
                        .statusCode());
        assertEquals(
                415,
                post("/api/tasks/" + id + "/retry", body, Map.of("Authorization", "Bearer " + Fixture.TOKEN))
                        .statusCode());

        // a session: cookie from the login, then the CSRF header is required
        var login = post("/api/login", "{\"token\":\"" + Fixture.TOKEN + "\",\"name\":\"alice\"}", json);
        assertEquals(200, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String session = cookie.substring(0, cookie.indexOf(';'));
        String csrf = JSON.readTree(login.body()).get("csrf").asText();
        assertEquals(
                403,
                post("/api/tasks/" + id + "/retry", body, Map.of("Content-Type", "application/json", "Cookie", session))
                        .statusCode());
        assertEquals(
                403,
                post(
                                "/api/tasks/" + id + "/retry",
                                body,
                                Map.of("Content-Type", "application/json", "Cookie", session, "X-CSRF-Token", "forged"))
                        .statusCode());
        assertEquals(
                400,
                post(
                                "/api/tasks/" + id + "/retry",
                                "{}",
                                Map.of("Content-Type", "application/json", "Cookie", session, "X-CSRF-Token", csrf))
                        .statusCode());
        assertEquals(
                TaskState.BLOCKED_BY_FAILURES, tasker.task(id).orElseThrow().state());

        fixture.chargeWorks.set(true);
        var retried = post(
                "/api/tasks/" + id + "/retry",
                body,
                Map.of("Content-Type", "application/json", "Cookie", session, "X-CSRF-Token", csrf));
        assertEquals(200, retried.statusCode(), retried.body());
        TaskSnapshot done = tasker.handle(id).await(AWAIT);
        assertEquals(TaskState.COMPLETE, done.state());
        assertTrue(
                tasker.audit(id).steps().stream()
                        .anyMatch(t -> "alice".equals(t.actor()) && "card fixed".equals(t.reason())),
                () -> tasker.audit(id).toString());
    }

    @Test
    void a_bearer_token_acts_under_the_given_actor_name() throws Exception {
        UUID id = blockedTask();
        fixture.chargeWorks.set(true);
        var r = post(
                "/api/tasks/" + id + "/retry",
                "{\"reason\":\"scripted\"}",
                Map.of(
                        "Content-Type", "application/json",
                        "Authorization", "Bearer " + Fixture.TOKEN,
                        "X-Tasker-Actor", "ops-bot"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(TaskState.COMPLETE, tasker.handle(id).await(AWAIT).state());
        assertTrue(tasker.audit(id).steps().stream().anyMatch(t -> "ops-bot".equals(t.actor())));
    }

    @Test
    void read_only_mode_refuses_every_action_even_with_the_token() throws Exception {
        dashboard.close();
        dashboard = TaskerDashboard.start(
                tasker, DashboardOptions.defaults().port(0).token(Fixture.TOKEN).readOnly(true));
        UUID id = blockedTask();
        var r = post(
                "/api/tasks/" + id + "/retry",
                "{\"reason\":\"x\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + Fixture.TOKEN));
        assertEquals(403, r.statusCode());
        assertEquals(
                403,
                post(
                                "/api/login",
                                "{\"token\":\"" + Fixture.TOKEN + "\",\"name\":\"a\"}",
                                Map.of("Content-Type", "application/json"))
                        .statusCode());
        assertTrue(JSON.readTree(get("/api/session").body()).get("readOnly").asBoolean());
        assertEquals(
                TaskState.BLOCKED_BY_FAILURES, tasker.task(id).orElseThrow().state());
    }
}

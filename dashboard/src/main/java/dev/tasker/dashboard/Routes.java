package dev.tasker.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.EngineStats;
import dev.tasker.engine.NodeInfo;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepActivity;
import dev.tasker.engine.TaskNotFoundException;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskSummary;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerOperations;
import dev.tasker.engine.template.TaskTemplate;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every path the dashboard answers: the page and its assets, the JSON API the page reads, and the actions.
 * Anything else is 404. Actions need the token (bearer), a signed-in session with its CSRF token, or the host
 * application's principal with its CSRF token; read-only mode refuses them all.
 *
 * <p>Over 400 lines as one piece: it is the dashboard's whole surface (every path and who may call it) in one
 * place, so that a reviewer sees at once that nothing else is served and that every action passes the same
 * checks.
 */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    /** The session cookie's name. */
    public static final String COOKIE = "tasker_dashboard";
    /** The header carrying the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern ASSET = Pattern.compile("/assets/([a-z]+\\.(?:js|css|svg|html))");
    private static final Pattern TASK = Pattern.compile("/api/tasks/([0-9a-fA-F-]{36})");
    private static final Pattern TASK_ACTION = Pattern.compile("/api/tasks/([0-9a-fA-F-]{36})/(retry|cancel)");
    private static final Pattern STEP_ACTION =
            Pattern.compile("/api/tasks/([0-9a-fA-F-]{36})/steps/([^/]{1,200})/(reset|resolve|complete)");
    private static final Pattern DLQ_ACTION = Pattern.compile("/api/dlq/([0-9a-fA-F-]{36})/resolve");
    private static final int MAX_BODY = 64 * 1024;
    private static final long OVERVIEW_TTL_NANOS = Duration.ofSeconds(2).toNanos();

    private final TaskerOperations ops;
    private final DashboardOptions options;
    private final byte[] token;
    private final byte[] csrfKey = Sessions.secret().getBytes(StandardCharsets.UTF_8);
    private final Sessions sessions = new Sessions();
    private final Views views;
    private final Assets assets = new Assets();

    /** Routes over {@code ops}, allowing actions to holders of {@code token}. */
    public Routes(TaskerOperations ops, DashboardOptions options, String token) {
        this.ops = ops;
        this.options = options;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.views = new Views(new Redactor(options.redacted()));
    }

    /** Answers one request; never throws. */
    public DashboardResponse handle(DashboardRequest request) {
        try {
            return route(request);
        } catch (TaskNotFoundException e) {
            return error(404, e.getMessage());
        } catch (OperatorActionException | IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            return error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("dashboard request {} {} failed", request.method(), request.path(), e);
            return error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private DashboardResponse route(DashboardRequest r) {
        String path = r.path();
        String method = r.method();
        if (method.equals("GET") || method.equals("HEAD")) {
            if (path.equals("/") || path.equals("/index.html")) {
                return asset("index.html");
            }
            Matcher asset = ASSET.matcher(path);
            if (asset.matches()) {
                return asset(asset.group(1));
            }
            if (path.equals("/favicon.ico")) {
                return asset("favicon.svg");
            }
            if (!path.startsWith("/api/")) {
                return error(404, "no such page");
            }
            return read(r, path);
        }
        if (method.equals("POST") && path.startsWith("/api/")) {
            return post(r, path);
        }
        if (path.startsWith("/api/") || path.equals("/")) {
            return error(405, "method not allowed");
        }
        return error(404, "no such page");
    }

    private DashboardResponse read(DashboardRequest r, String path) {
        Map<String, String> q = query(r.query());
        switch (path) {
            case "/api/session" -> {
                return json(200, session(r));
            }
            case "/api/overview" -> {
                return json(200, cachedOverview());
            }
            case "/api/tasks" -> {
                return json(200, tasks(q));
            }
            case "/api/dlq" -> {
                return json(200, dlq(q));
            }
            case "/api/templates" -> {
                ArrayNode list = Views.array();
                ops.templates().all().stream()
                        .sorted(java.util.Comparator.comparing(TaskTemplate::key))
                        .forEach(t -> list.add(views.template(t)));
                return json(200, list);
            }
            default -> {}
        }
        Matcher task = TASK.matcher(path);
        if (task.matches()) {
            UUID id = uuid(task.group(1));
            TaskSnapshot t = ops.task(id).orElseThrow(() -> new TaskNotFoundException(id));
            TaskTemplate template =
                    ops.templates().find(t.namespace(), t.name(), t.version()).orElse(null);
            return json(200, views.task(t, template, ops.audit(id)));
        }
        return error(404, "no such API path");
    }

    private ObjectNode session(DashboardRequest r) {
        ObjectNode o = Views.object();
        o.put("readOnly", options.readOnly());
        Optional<Actor> actor = actor(r);
        o.put("authenticated", actor.isPresent());
        actor.ifPresent(a -> {
            o.put("actor", a.name());
            o.put("csrf", a.csrf());
        });
        return o;
    }

    private volatile @Nullable ObjectNode lastOverview;
    private volatile long lastOverviewNanos;
    private volatile long overviewTtlNanos = OVERVIEW_TTL_NANOS;

    /** The overview, computed at most every two seconds (longer on a big store) whatever the number of open pages. */
    private ObjectNode cachedOverview() {
        ObjectNode cached = lastOverview;
        long now = System.nanoTime();
        if (cached != null && now - lastOverviewNanos < overviewTtlNanos) {
            return cached;
        }
        synchronized (this) {
            if (lastOverview != null && System.nanoTime() - lastOverviewNanos < overviewTtlNanos) {
                return lastOverview;
            }
            long start = System.nanoTime();
            ObjectNode fresh = overview();
            long took = System.nanoTime() - start;
            lastOverview = fresh;
            // On a big store the counts take a while (a million tasks: a scan of the table); keep them for 50
            // times as long as they took, so an open overview keeps the database busy 2% of the time at most.
            overviewTtlNanos = Math.max(
                    OVERVIEW_TTL_NANOS,
                    Math.min(50 * took, Duration.ofMinutes(1).toNanos()));
            lastOverviewNanos = System.nanoTime();
            return fresh;
        }
    }

    private ObjectNode overview() {
        ObjectNode o = Views.object();
        ObjectNode counts = o.putObject("tasks");
        try {
            ops.taskCounts().forEach((state, n) -> counts.put(state.wireName(), n));
        } catch (UnsupportedOperationException e) {
            o.put("tasksUnavailable", e.getMessage());
        }
        Instant since = Instant.now().minus(Duration.ofHours(1));
        ArrayNode activity = o.putArray("activity");
        try {
            for (StepActivity a : ops.stepActivity(since)) {
                activity.addObject()
                        .put("minute", a.minute().toString())
                        .put("completed", a.completed())
                        .put("failed", a.failed());
            }
        } catch (UnsupportedOperationException e) {
            o.put("activityUnavailable", e.getMessage());
        }
        o.put("activitySince", since.toString());
        o.put("at", Instant.now().toString());
        List<DlqEntry> pending = ops.dlq("pending", 1001, 0);
        o.put("dlqPending", pending.size());
        o.put("dlqMore", pending.size() > 1000);
        if (ops instanceof Tasker tasker) {
            EngineStats stats = tasker.stats();
            ObjectNode engine = o.putObject("engine");
            engine.put("liveTasks", stats.liveTasks());
            engine.put("runningSteps", stats.runningSteps());
            engine.put("queuedSteps", stats.queuedSteps());
            engine.put("idle", stats.idle());
            engine.put("stuckHandlers", stats.stuckHandlers());
        }
        o.put("nodeId", ops.nodeId());
        ArrayNode nodes = o.putArray("nodes");
        for (NodeInfo n : ops.nodes()) {
            nodes.add(views.node(n));
        }
        return o;
    }

    private ObjectNode tasks(Map<String, String> q) {
        int limit = intParam(q, "limit", TaskQuery.DEFAULT_LIMIT, 1, 500);
        int offset = intParam(q, "offset", 0, 0, 10_000_000);
        ObjectNode o = Views.object();
        ArrayNode list = o.putArray("tasks");
        String find = blankToNull(q.get("q"));
        if (find != null) {
            for (UUID id : find(find, blankToNull(q.get("namespace")), blankToNull(q.get("name")))) {
                ops.task(id).ifPresent(t -> list.add(views.summary(TaskSummary.of(t))));
            }
            o.put("more", false);
            return o;
        }
        String state = blankToNull(q.get("state"));
        TaskQuery query = new TaskQuery(
                        state == null ? null : TaskState.fromWireName(state),
                        blankToNull(q.get("namespace")),
                        blankToNull(q.get("name")),
                        limit + 1,
                        offset)
                .createdBetween(instant(q, "from"), instant(q, "to"));
        String after = blankToNull(q.get("after"));
        if (after != null) {
            int cut = after.lastIndexOf('_');
            if (cut < 0) {
                throw new IllegalArgumentException("after must be <created_at>_<task id>, got " + after);
            }
            query = query.after(
                    new TaskQuery.Cursor(instant(after.substring(0, cut), "after"), uuid(after.substring(cut + 1))));
        }
        List<TaskSummary> page = ops.taskSummaries(query);
        page.stream().limit(limit).forEach(t -> list.add(views.summary(t)));
        boolean more = page.size() > limit;
        o.put("more", more);
        if (more) {
            TaskSummary last = page.get(limit - 1);
            o.put("next", last.createdAt() + "_" + last.taskId());
        }
        o.put("limit", limit);
        return o;
    }

    private static @Nullable Instant instant(Map<String, String> q, String name) {
        String v = blankToNull(q.get(name));
        return v == null ? null : instant(v, name);
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException again) {
                throw new IllegalArgumentException(
                        name + " must be an ISO instant (2026-01-31T12:00:00Z), got " + text);
            }
        }
    }

    private ObjectNode dlq(Map<String, String> q) {
        int offset = intParam(q, "offset", 0, 0, 10_000_000);
        int limit = intParam(q, "limit", 50, 1, 500);
        ObjectNode o = Views.object();
        ArrayNode list = o.putArray("entries");
        List<DlqEntry> page = ops.dlq(blankToNull(q.get("status")), limit + 1, offset);
        page.stream().limit(limit).forEach(e -> list.add(views.dlq(e)));
        o.put("more", page.size() > limit);
        return o;
    }

    // ---- actions

    private DashboardResponse post(DashboardRequest r, String path) {
        String type = r.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return error(415, "POST bodies must be application/json");
        }
        if (r.body().length > MAX_BODY) {
            return error(413, "request body over " + MAX_BODY + " bytes");
        }
        JsonNode body = body(r);
        if (path.equals("/api/login")) {
            return login(body);
        }
        if (path.equals("/api/logout")) {
            Actor actor = actor(r).orElse(null);
            if (actor != null && actor.session() != null && csrfOk(r, actor)) {
                sessions.close(actor.session());
            }
            return withCookie(
                    json(200, Views.object().put("ok", true)),
                    COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        }
        if (options.readOnly()) {
            return error(403, "the dashboard is read-only");
        }
        Optional<Actor> found = actor(r);
        if (found.isEmpty()) {
            return error(401, "sign in or send Authorization: Bearer <token> to act");
        }
        Actor actor = found.get();
        if (!csrfOk(r, actor)) {
            return error(403, "missing or wrong " + CSRF_HEADER + " header");
        }
        String reason = text(body, "reason");
        if (reason == null) {
            return error(400, "a reason is required for every action");
        }
        Matcher m;
        if ((m = TASK_ACTION.matcher(path)).matches()) {
            UUID id = uuid(m.group(1));
            if (m.group(2).equals("retry")) {
                ops.retryTask(id, actor.name(), reason);
                return done(actor, "retry_task", id.toString());
            }
            boolean cancelled = ops.cancel(id, actor.name(), reason);
            return json(200, Views.object().put("ok", true).put("cancelled", cancelled));
        }
        if ((m = STEP_ACTION.matcher(path)).matches()) {
            UUID id = uuid(m.group(1));
            String step = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
            switch (m.group(3)) {
                case "reset" -> ops.resetStep(id, step, actor.name(), reason);
                case "resolve" -> ops.resolveStep(id, step, actor.name(), reason);
                default -> ops.completeStep(id, step, body.get("result"), actor.name(), reason);
            }
            return done(actor, m.group(3) + "_step", id + "/" + step);
        }
        if ((m = DLQ_ACTION.matcher(path)).matches()) {
            UUID id = uuid(m.group(1));
            String status = text(body, "status");
            ops.resolveDlq(id, status == null ? "manually_resolved" : status, actor.name(), reason);
            return done(actor, "resolve_dlq", id.toString());
        }
        return error(404, "no such action");
    }

    private DashboardResponse done(Actor actor, String action, String target) {
        LOG.info("dashboard action {} on {} by {}", action, target, actor.name());
        return json(200, Views.object().put("ok", true).put("action", action).put("actor", actor.name()));
    }

    private DashboardResponse login(JsonNode body) {
        if (options.readOnly()) {
            return error(403, "the dashboard is read-only");
        }
        String given = text(body, "token");
        String name = text(body, "name");
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            return error(401, "wrong token");
        }
        if (name == null || name.length() > 64 || !name.matches("[\\p{L}\\p{N} ._@-]+")) {
            return error(400, "give your name (letters, digits, space . _ @ -; up to 64): it goes into the audit");
        }
        Sessions.Session session = sessions.open(name);
        ObjectNode o = Views.object().put("ok", true).put("actor", name).put("csrf", session.csrf());
        return withCookie(
                json(200, o),
                COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                        + Sessions.IDLE.toSeconds());
    }

    /** Who sends the request: the host's principal, a bearer token, or a session cookie. */
    private record Actor(
            String name, @Nullable String csrf, @Nullable String session) {}

    private Optional<Actor> actor(DashboardRequest r) {
        if (r.principal() != null) {
            return Optional.of(new Actor(r.principal(), hostCsrf(r.principal()), null));
        }
        String auth = r.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(token, given)) {
                String who = r.header("X-Tasker-Actor");
                return Optional.of(
                        new Actor(who == null || who.isBlank() ? "dashboard-token" : who.strip(), null, null));
            }
            return Optional.empty();
        }
        String cookie = cookie(r.header("Cookie"));
        if (cookie != null) {
            return sessions.find(cookie).map(s -> new Actor(s.actor(), s.csrf(), s.id()));
        }
        return Optional.empty();
    }

    private boolean csrfOk(DashboardRequest r, Actor actor) {
        if (actor.csrf() == null) {
            return true; // a bearer token is not sent by browsers on their own: no CSRF
        }
        String given = r.header(CSRF_HEADER);
        return given != null
                && MessageDigest.isEqual(
                        actor.csrf().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private String hostCsrf(String principal) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(csrfKey, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(principal.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static @Nullable String cookie(@Nullable String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                String v = p.substring(COOKIE.length() + 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    // ---- helpers

    private static JsonNode body(DashboardRequest r) {
        if (r.body().length == 0) {
            return Views.object();
        }
        try {
            JsonNode node = Views.MAPPER.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the request body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage());
        }
    }

    private static @Nullable String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank()
                ? null
                : v.asText().strip();
    }

    /**
     * A task id, or an identity (idempotency) key looked up in every loaded version of the template the namespace
     * and name filters name (a task's identity includes its template version).
     */
    private List<UUID> find(String text, @Nullable String namespace, @Nullable String name) {
        try {
            return List.of(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException notAnId) {
            if (namespace == null || name == null) {
                throw new IllegalArgumentException("not a task id (UUID): " + text
                        + "; to find a task by its identity key, give its namespace and template too");
            }
        }
        List<UUID> found = new java.util.ArrayList<>();
        ops.templates().all().stream()
                .filter(t -> t.namespace().equals(namespace) && t.name().equals(name))
                .forEach(t -> ops.findTask(TaskRequest.of(namespace, name, Map.of())
                                .withVersion(t.version())
                                .withIdempotencyKey(text.strip()))
                        .ifPresent(found::add));
        return found;
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a task id (UUID): " + text);
        }
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int intParam(Map<String, String> q, String name, int fallback, int min, int max) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + v);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private DashboardResponse asset(String name) {
        return assets.find(name)
                .map(a -> new DashboardResponse(200, headers(a.contentType(), "no-cache"), a.bytes()))
                .orElseGet(() -> error(404, "no such asset"));
    }

    private static Map<String, String> headers(String type, String cache) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", cache);
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        return h;
    }

    private static DashboardResponse json(int status, JsonNode body) {
        return new DashboardResponse(status, headers("application/json; charset=utf-8", "no-store"), Views.bytes(body));
    }

    private static DashboardResponse withCookie(DashboardResponse response, String cookie) {
        Map<String, String> h = new LinkedHashMap<>(response.headers());
        h.put("Set-Cookie", cookie);
        return new DashboardResponse(response.status(), h, response.body());
    }

    private static DashboardResponse error(int status, @Nullable String message) {
        return json(status, Views.object().put("error", message == null ? "error" : message));
    }
}

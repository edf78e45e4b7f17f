package dev.tasker.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by Selenium. Without Chromium and
 * chromedriver the tests are skipped with a message, unless {@code TASKER_TEST_BROWSER=chromium} is set (as in CI),
 * which makes a missing browser a failure. With {@code TASKER_DASHBOARD_SCREENSHOTS=<dir>} they also save the
 * README's screenshots there.
 */
class DashboardBrowserTest {
    static final Duration AWAIT = Duration.ofSeconds(30);
    static ChromeDriver browser;

    @TempDir
    Path dir;

    final Fixture fixture = new Fixture();
    Tasker tasker;
    TaskerDashboard dashboard;
    WebDriverWait wait;

    static Optional<Path> find(String... names) {
        for (String name : names) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @BeforeAll
    static void openBrowser() {
        Optional<Path> chromium = find("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = find("chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            String message = "Chromium and chromedriver are needed for the dashboard's browser tests"
                    + " (apt-get install chromium chromium-driver); found browser " + chromium + ", driver " + driver;
            if ("chromium".equals(System.getenv("TASKER_TEST_BROWSER"))) {
                Assertions.fail(message + " and TASKER_TEST_BROWSER=chromium requires them");
            }
            Assumptions.abort(message + "; skipped");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void start() {
        tasker = fixture.engine(dir);
        dashboard = TaskerDashboard.start(
                tasker, DashboardOptions.defaults().port(0).token(Fixture.TOKEN));
        wait = new WebDriverWait(browser, AWAIT);
        // the task page redraws itself every second while the task changes
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        browser.manage().deleteAllCookies();
        dashboard.close();
        tasker.close();
    }

    void open(String hash) {
        browser.get(dashboard.url() + "#/" + hash);
    }

    WebElement node(String step) {
        return browser.findElement(By.cssSelector("#graph g.node[data-step='" + step + "']"));
    }

    @Test
    void the_task_list_shows_a_submitted_task_and_its_page_draws_the_graph_with_the_states() throws Exception {
        TaskSnapshot done = tasker.submit(TaskRequest.of("dash", "diamond", Map.of("user", "ann", "password", "pw1")))
                .await(AWAIT);
        open("tasks");
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr.task-row[data-task-id='" + done.taskId() + "']")));
        assertEquals("complete", row.getDomAttribute("data-state"));
        assertTrue(row.getText().contains("dash/diamond"), row.getText());

        row.click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#graph g.node"), 4));
        for (String step : List.of("fetch", "left", "right", "merge")) {
            assertEquals("complete", node(step).getDomAttribute("data-state"), step);
            assertTrue(node(step).getDomAttribute("class").contains("s-complete"), step);
        }
        assertEquals(4, browser.findElements(By.cssSelector("#graph path.edge")).size());
        String context = browser.findElement(By.id("task-context")).getText();
        assertTrue(context.contains("ann") && context.contains("[redacted]"), context);
        assertFalse(browser.getPageSource().contains("pw1"));
        assertFalse(browser.getPageSource().contains("hunter2"));
        assertTrue(browser.findElements(By.cssSelector("#gantt rect.seg")).size() >= 8);

        screenshot("task.png");
        if (screenshots()) {
            // some history for the overview's picture: more tasks, two of them blocked on a failing step
            for (int i = 0; i < 6; i++) {
                tasker.submit(TaskRequest.of("dash", "diamond", Map.of("i", i))).await(AWAIT);
            }
            for (int i = 0; i < 2; i++) {
                UUID id = tasker.submit(TaskRequest.of("dash", "flaky", Map.of("i", i)))
                        .taskId();
                org.awaitility.Awaitility.await()
                        .atMost(AWAIT)
                        .until(() -> tasker.task(id).orElseThrow().state() == TaskState.BLOCKED_BY_FAILURES);
            }
        }
        open("overview");
        wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#state-counts [data-state='complete']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#activity-chart rect.ok")));
        screenshot("overview.png");
    }

    @Test
    void a_blocked_task_is_retried_from_its_page_with_a_reason_and_completes_live() {
        UUID id = tasker.submit(TaskRequest.of("dash", "flaky", Map.of("amount", 10)))
                .taskId();
        org.awaitility.Awaitility.await()
                .atMost(AWAIT)
                .until(() -> tasker.task(id).orElseThrow().state() == TaskState.BLOCKED_BY_FAILURES);
        open("task/" + id);
        wait.until(ExpectedConditions.attributeToBe(
                By.cssSelector("#graph g.node[data-step='charge']"), "data-state", "error"));
        assertEquals("pending", node("receipt").getDomAttribute("data-state"));
        wait.until(d -> {
            node("charge").click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("step-error"), "card declined"));

        fixture.chargeWorks.set(true);
        browser.findElement(By.id("retry-task")).click();
        // not signed in: the login form comes first
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")))
                .sendKeys("alice");
        browser.findElement(By.id("login-token")).sendKeys(Fixture.TOKEN);
        browser.findElement(By.id("login-ok")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-reason")))
                .sendKeys("card re-issued");
        browser.findElement(By.id("confirm-ok")).click();

        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#task-state .badge"), "data-state", "complete"));
        wait.until(ExpectedConditions.attributeToBe(
                By.cssSelector("#graph g.node[data-step='receipt']"), "data-state", "complete"));
        assertEquals(TaskState.COMPLETE, tasker.task(id).orElseThrow().state());
        wait.until(d -> d.findElements(By.cssSelector("#audit td.actor")).stream()
                .anyMatch(td -> td.getText().equals("alice")));
        assertTrue(tasker.audit(id).steps().stream()
                .anyMatch(t -> "alice".equals(t.actor()) && "card re-issued".equals(t.reason())));
    }

    @Test
    void an_action_from_the_page_without_a_session_or_csrf_token_is_refused() {
        UUID id = tasker.submit(TaskRequest.of("dash", "flaky", Map.of())).taskId();
        org.awaitility.Awaitility.await()
                .atMost(AWAIT)
                .until(() -> tasker.task(id).orElseThrow().state() == TaskState.BLOCKED_BY_FAILURES);
        open("task/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("retry-task")));
        Object status = post("api/tasks/" + id + "/retry", false);
        assertEquals(401L, status);

        // signed in, but a request without the CSRF header (as a forged one would be) is refused
        browser.findElement(By.id("signin")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")))
                .sendKeys("bob");
        browser.findElement(By.id("login-token")).sendKeys(Fixture.TOKEN);
        browser.findElement(By.id("login-ok")).click();
        wait.until(ExpectedConditions.textToBe(By.id("actor"), "bob"));
        assertEquals(403L, post("api/tasks/" + id + "/retry", false));
        assertEquals(
                TaskState.BLOCKED_BY_FAILURES, tasker.task(id).orElseThrow().state());
    }

    /** POSTs from the page with fetch (cookies included, no CSRF header) and returns the status. */
    Object post(String path, boolean unused) {
        return ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin',"
                                + " headers: {'Content-Type': 'application/json'}, body: '{\"reason\":\"x\"}'})"
                                + ".then(r => done(r.status), e => done(String(e)));",
                        path);
    }

    static boolean screenshots() {
        String target = System.getenv("TASKER_DASHBOARD_SCREENSHOTS");
        return target != null && !target.isBlank();
    }

    void screenshot(String name) throws Exception {
        if (!screenshots()) {
            return;
        }
        String target = System.getenv("TASKER_DASHBOARD_SCREENSHOTS");
        Path out = Path.of(target);
        Files.createDirectories(out);
        Files.write(out.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.findAny().isPresent());
        }
    }
}

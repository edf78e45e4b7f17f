package dev.tasker.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** With tasker-dashboard present and tasker.dashboard.enabled=true, the dashboard is mounted on the servlet server. */
class TaskerDashboardAutoConfigurationTest {
    @TempDir
    Path dir;

    WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(TaskerAutoConfiguration.class, TaskerDashboardAutoConfiguration.class))
                .withUserConfiguration(StarterHandlers.class)
                .withPropertyValues(
                        "tasker.templates=classpath:starter-test/templates",
                        "tasker.database.h2-file=" + dir.resolve("tasker"));
    }

    static MockHttpServletResponse call(TaskerDashboardServlet servlet, MockHttpServletRequest request)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(request, response);
        return response;
    }

    static MockHttpServletRequest request(String method, String pathInfo) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, "/tasker" + (pathInfo == null ? "" : pathInfo));
        r.setServletPath("/tasker");
        r.setPathInfo(pathInfo);
        return r;
    }

    @Test
    void off_unless_enabled() {
        runner().run(context -> {
            assertNull(context.getStartupFailure());
            assertTrue(context.getBeansOfType(ServletRegistrationBean.class).isEmpty());
        });
    }

    @Test
    void mounted_under_its_path_with_the_host_principal_as_the_actor_and_its_own_csrf_check() {
        runner().withPropertyValues("tasker.dashboard.enabled=true").run(context -> {
            assertNull(context.getStartupFailure());
            ServletRegistrationBean<?> bean = context.getBean(ServletRegistrationBean.class);
            assertEquals(List.of("/tasker", "/tasker/*"), List.copyOf(bean.getUrlMappings()));
            TaskerDashboardServlet servlet = (TaskerDashboardServlet) bean.getServlet();

            assertEquals(302, call(servlet, request("GET", null)).getStatus());
            MockHttpServletResponse page = call(servlet, request("GET", "/"));
            assertEquals(200, page.getStatus());
            assertTrue(page.getContentAsString().contains("Tasker dashboard"));
            assertEquals(404, call(servlet, request("GET", "/WEB-INF/web.xml")).getStatus());

            MockHttpServletRequest anonymous = request("GET", "/api/session");
            assertTrue(call(servlet, anonymous).getContentAsString().contains("\"authenticated\":false"));

            MockHttpServletRequest signedIn = request("GET", "/api/session");
            signedIn.setUserPrincipal(() -> "carol");
            String session = call(servlet, signedIn).getContentAsString();
            assertTrue(session.contains("\"actor\":\"carol\""), session);
            String csrf = session.replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");

            String retry = "/api/tasks/" + UUID.randomUUID() + "/retry";
            MockHttpServletRequest noUser = request("POST", retry);
            noUser.setContentType("application/json");
            noUser.setContent("{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, call(servlet, noUser).getStatus());

            MockHttpServletRequest noCsrf = request("POST", retry);
            noCsrf.setUserPrincipal(() -> "carol");
            noCsrf.setContentType("application/json");
            noCsrf.setContent("{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(403, call(servlet, noCsrf).getStatus());

            MockHttpServletRequest withCsrf = request("POST", retry);
            withCsrf.setUserPrincipal(() -> "carol");
            withCsrf.addHeader("X-CSRF-Token", csrf);
            withCsrf.setContentType("application/json");
            withCsrf.setContent("{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            MockHttpServletResponse acted = call(servlet, withCsrf);
            assertEquals(404, acted.getStatus(), "past the checks, the task does not exist");
            assertFalse(acted.getContentAsString().contains("CSRF"));
        });
    }

    @Test
    void read_only_refuses_actions_even_to_signed_in_users() {
        runner().withPropertyValues("tasker.dashboard.enabled=true", "tasker.dashboard.read-only=true")
                .run(context -> {
                    TaskerDashboardServlet servlet = (TaskerDashboardServlet)
                            context.getBean(ServletRegistrationBean.class).getServlet();
                    MockHttpServletRequest post = request("POST", "/api/tasks/" + UUID.randomUUID() + "/retry");
                    post.setUserPrincipal(() -> "carol");
                    post.setContentType("application/json");
                    post.setContent("{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8));
                    assertEquals(403, call(servlet, post).getStatus());
                });
    }
}

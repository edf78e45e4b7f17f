package dev.tasker.spring.boot;

import dev.tasker.dashboard.DashboardHandler;
import dev.tasker.dashboard.DashboardRequest;
import dev.tasker.dashboard.DashboardResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard ({@link DashboardHandler}, module {@code tasker-dashboard}) mounted in the application's servlet
 * container: it passes each request below its mapping to the handler, with the host application's signed-in user
 * ({@link HttpServletRequest#getUserPrincipal()}, which Spring Security fills) as the actor of actions. Without a
 * signed-in user, actions need the dashboard's token as when it runs on its own port.
 */
public final class TaskerDashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;

    @SuppressWarnings("serial") // the handler is not serializable; this servlet is never serialized
    private final DashboardHandler handler;

    /** A servlet answering with {@code handler}. */
    public TaskerDashboardServlet(DashboardHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty()) {
            // the page's links are relative: /tasker must become /tasker/
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        Principal principal = request.getUserPrincipal();
        DashboardResponse answer = handler.handle(new DashboardRequest(
                request.getMethod(),
                path,
                request.getQueryString(),
                headers,
                body,
                principal == null ? null : principal.getName()));
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (!request.getMethod().equals("HEAD")) {
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        }
    }
}

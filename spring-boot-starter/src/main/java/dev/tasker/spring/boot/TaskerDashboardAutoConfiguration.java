package dev.tasker.spring.boot;

import dev.tasker.dashboard.DashboardHandler;
import dev.tasker.dashboard.DashboardOptions;
import dev.tasker.engine.Tasker;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The dashboard on the application's own servlet server, under {@code tasker.dashboard.path} (default
 * {@code /tasker}), when {@code tasker-dashboard} is on the class path and {@code tasker.dashboard.enabled=true}.
 * Actions are taken as the application's signed-in user (Spring Security's principal), or with the token. The
 * dashboard checks its own CSRF header ({@code X-CSRF-Token}); exempt its path from Spring Security's CSRF filter
 * ({@code csrf.ignoringRequestMatchers("/tasker/api/**")}) and protect the path with the application's rules.
 */
@AutoConfiguration(after = TaskerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"dev.tasker.dashboard.DashboardHandler", "jakarta.servlet.http.HttpServlet"})
@ConditionalOnProperty(prefix = "tasker.dashboard", name = "enabled", havingValue = "true")
@ConditionalOnBean(Tasker.class)
@EnableConfigurationProperties(TaskerDashboardProperties.class)
public class TaskerDashboardAutoConfiguration {

    @Bean
    ServletRegistrationBean<TaskerDashboardServlet> taskerDashboardServlet(
            Tasker tasker, TaskerDashboardProperties properties) {
        String path = properties.getPath();
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException(
                    "tasker.dashboard.path must start with / and not end with / (such as /tasker), got " + path);
        }
        DashboardOptions options = DashboardOptions.defaults().readOnly(properties.isReadOnly());
        if (!properties.getRedact().isEmpty()) {
            options = options.redact(properties.getRedact().toArray(String[]::new));
        }
        String token = properties.getToken();
        if (token == null || token.isBlank()) {
            // nobody knows this one: only the application's signed-in users can act
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        } else {
            options = options.token(token);
        }
        ServletRegistrationBean<TaskerDashboardServlet> bean = new ServletRegistrationBean<>(
                new TaskerDashboardServlet(new DashboardHandler(tasker, options, token)), path, path + "/*");
        bean.setName("taskerDashboard");
        return bean;
    }
}

package dev.tasker.spring.boot;

import dev.tasker.micrometer.TaskerMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The engine's meters ({@link TaskerMetrics}, module {@code tasker-micrometer}) when Micrometer and that module
 * are on the class path. {@link TaskerMetrics} is a {@code MeterBinder} bean, so Spring Boot's metrics support
 * binds it to the application's registry (Boot 4 and 3.5 alike); a customizer registers it with the builder of the
 * auto-configured engine. Off with {@code tasker.metrics.enabled=false}; an application's own {@link TaskerMetrics}
 * bean wins.
 */
@AutoConfiguration(
        before = TaskerAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"
        })
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.tasker.micrometer.TaskerMetrics"})
@ConditionalOnProperty(prefix = "tasker.metrics", name = "enabled", matchIfMissing = true)
public class TaskerMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TaskerMetrics taskerMetrics() {
        return new TaskerMetrics();
    }

    @Bean
    TaskerBuilderCustomizer taskerMetricsInstrumentation(TaskerMetrics metrics) {
        return builder -> builder.instrumentation(metrics);
    }
}

package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health indicator {@code tasker} ({@link TaskerHealthIndicator}) of the application's {@link Tasker} bean,
 * auto-configured or its own, when Actuator's health module is present (Boot 4: {@code spring-boot-health}, which
 * {@code spring-boot-starter-actuator} brings). Off with {@code management.health.tasker.enabled=false}.
 */
@AutoConfiguration(after = TaskerAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Tasker.class)
@ConditionalOnEnabledHealthIndicator("tasker")
public class TaskerHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "taskerHealthIndicator")
    TaskerHealthIndicator taskerHealthIndicator(Tasker tasker) {
        return new TaskerHealthIndicator(tasker);
    }
}

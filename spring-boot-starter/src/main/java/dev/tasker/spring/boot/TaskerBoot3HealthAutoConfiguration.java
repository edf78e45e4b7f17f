package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The health indicator {@code tasker} on Spring Boot 3.5 ({@link TaskerBoot3HealthIndicator}), whose Actuator
 * keeps {@code HealthIndicator} in {@code org.springframework.boot.actuate.health}; Boot 4 moved it, and this
 * configuration backs off there. Off with {@code management.health.tasker.enabled=false}.
 */
@AutoConfiguration(after = TaskerAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(Tasker.class)
@ConditionalOnProperty(prefix = "management.health.tasker", name = "enabled", matchIfMissing = true)
public class TaskerBoot3HealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "taskerHealthIndicator")
    TaskerBoot3HealthIndicator taskerHealthIndicator(Tasker tasker) {
        return new TaskerBoot3HealthIndicator(tasker);
    }
}

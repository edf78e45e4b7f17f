package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.util.ClassUtils;

/**
 * One {@link Tasker} bean, a {@link ManagedTasker} started after the context is refreshed and drained when it
 * closes, built from the {@code tasker.*} properties on the application's {@link DataSource} (else an embedded
 * H2 file) with the application's handler beans ({@link TaskerHealthAutoConfiguration} adds the health indicator). Every bean backs off
 * when the application defines its own; {@code tasker.enabled=false} turns it all off.
 */
@AutoConfiguration(
        afterName = {
            // Boot 4, then Boot 3: so that the application's DataSource is defined before the engine asks for it.
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
        })
@ConditionalOnClass(Tasker.class)
@ConditionalOnProperty(prefix = "tasker", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TaskerProperties.class)
public class TaskerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(Tasker.class)
    ManagedTasker tasker(
            TaskerProperties properties,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<TaskerBuilderCustomizer> customizers,
            ConfigurableListableBeanFactory beans,
            ResourceLoader resources) {
        ClassLoader loader =
                beans.getBeanClassLoader() != null ? beans.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
        return new ManagedTasker(new ContextTaskerBuilder(
                properties,
                dataSource,
                customizers,
                beans,
                loader,
                ResourcePatternUtils.getResourcePatternResolver(resources)));
    }

    // ---- Micrometer: the place where the lead wires the tasker-micrometer binder (issue #15). ----
    // When io.micrometer.core.instrument.MeterRegistry and the tasker-micrometer module are on the class path:
    // a TaskerMetricsAutoConfiguration beside this class, listed in META-INF/spring/...AutoConfiguration.imports,
    // @AutoConfiguration(afterName = Boot's metrics auto-configuration), @ConditionalOnClass(name = {
    // "io.micrometer.core.instrument.MeterRegistry", "<the tasker-micrometer binder class>"}),
    // @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry"), adds the binder: as a
    // TaskerListener bean (HandlerBeans registers those at every start) or a TaskerBuilderCustomizer bean if it
    // must see the builder. (A nested class here would not do: @ConditionalOnBean cannot see beans of other
    // auto-configurations ordered after this one.) Gauges reading the Tasker (stats(), liveTaskCount()) must
    // tolerate a ManagedTasker that is not running (it throws IllegalStateException before start, after stop).
}

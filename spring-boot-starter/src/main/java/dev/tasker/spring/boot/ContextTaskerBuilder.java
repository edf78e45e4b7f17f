package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The builder of the auto-configured engine, made anew at each start from the {@code tasker.*} properties, the
 * database (a {@code tasker.database.url}, else the application's DataSource, else the embedded H2 file), the
 * handler beans and the {@link TaskerBuilderCustomizer}s, in that order.
 */
final class ContextTaskerBuilder implements Supplier<TaskerBuilder> {
    private static final Logger LOG = LoggerFactory.getLogger(ContextTaskerBuilder.class);

    private final TaskerProperties properties;
    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<TaskerBuilderCustomizer> customizers;
    private final ListableBeanFactory beans;
    private final ClassLoader classLoader;
    private final TemplateResources templates;

    ContextTaskerBuilder(
            TaskerProperties properties,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<TaskerBuilderCustomizer> customizers,
            ListableBeanFactory beans,
            ClassLoader classLoader,
            ResourcePatternResolver resources) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.customizers = customizers;
        this.beans = beans;
        this.classLoader = classLoader;
        this.templates = new TemplateResources(resources);
    }

    @Override
    public TaskerBuilder get() {
        TaskerBuilder builder = Tasker.builder()
                .classLoader(classLoader)
                .maxConcurrentSteps(properties.getMaxConcurrentSteps())
                .strictTemplates(properties.isStrictTemplates())
                // The context's lifecycle closes the engine (SmartLifecycle); no JVM shutdown hook of its own.
                .shutdownHook(false)
                .shutdownGrace(properties.getShutdownGrace())
                .defaultStepTimeout(properties.getDefaultStepTimeout());
        if (properties.getEnvironment() != null) {
            builder.environment(properties.getEnvironment());
        }
        if (properties.getNodeId() != null) {
            builder.nodeId(properties.getNodeId());
        }
        database(builder, properties.getDatabase());
        templates.addTo(builder, properties.getTemplates());
        HandlerBeans.register(beans, builder);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder;
    }

    private void database(TaskerBuilder builder, TaskerProperties.Database db) {
        if (db.getDialect() != null) {
            builder.dialect(db.getDialect());
        }
        DataSource application = db.isUseApplicationDataSource() ? dataSource.getIfUnique() : null;
        if (db.getUrl() != null) {
            builder.jdbcUrl(db.getUrl()).credentials(db.getUsername(), db.getPassword());
            builder.poolSize(db.getPoolSize());
        } else if (application != null) {
            builder.dataSource(application);
        } else if (db.getH2File() == null) {
            // The engine's default database; the builder logs where it is.
            builder.poolSize(db.getPoolSize());
        } else {
            Path file = Path.of(db.getH2File()).toAbsolutePath().normalize();
            LOG.info("Tasker: no DataSource bean, embedded H2 database {}.mv.db (tasker.database.h2-file)", file);
            builder.jdbcUrl("jdbc:h2:file:" + file).poolSize(db.getPoolSize());
        }
    }
}

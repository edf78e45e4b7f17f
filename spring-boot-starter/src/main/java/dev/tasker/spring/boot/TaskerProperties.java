package dev.tasker.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tasker.*} properties of the auto-configured engine. Each default is the engine builder's own
 * ({@link dev.tasker.engine.TaskerBuilder}); what has no property here can be set by a
 * {@link TaskerBuilderCustomizer} bean.
 */
@ConfigurationProperties("tasker")
public class TaskerProperties {
    /** The default template location. */
    public static final String DEFAULT_TEMPLATES = "classpath:tasker/templates";

    /** Whether to auto-configure the engine at all. */
    private boolean enabled = true;

    /**
     * Where the templates are: folders searched with their subfolders for *.yaml and *.yml, on the classpath
     * ("classpath:tasker/templates", or just "tasker/templates": every jar and folder of the classpath) or on disk
     * ("file:/etc/app/templates"), or Spring resource patterns ("classpath*:billing/*.yaml"). A location without
     * templates fails the start, except the default one.
     */
    private List<String> templates = new ArrayList<>(List.of(DEFAULT_TEMPLATES));

    /** The environment whose "environments:" overrides of the templates apply (default: none applied). */
    private @Nullable String environment;

    /** The most steps running at once across all tasks. */
    private int maxConcurrentSteps = 10_000;

    /** This engine's id, in the audit and the node registry (default: a random id per start). */
    private @Nullable String nodeId;

    /** Fail the start on template warnings (unknown keys...), not only on errors. */
    private boolean strictTemplates = false;

    /** How long the shutdown lets running handlers finish before interrupting them. */
    private Duration shutdownGrace = Duration.ofSeconds(10);

    /** The timeout of steps without "timeout_seconds". */
    private Duration defaultStepTimeout = Duration.ofSeconds(30);

    private final Database database = new Database();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getTemplates() {
        return templates;
    }

    public void setTemplates(List<String> templates) {
        this.templates = templates;
    }

    public @Nullable String getEnvironment() {
        return environment;
    }

    public void setEnvironment(@Nullable String environment) {
        this.environment = environment;
    }

    public int getMaxConcurrentSteps() {
        return maxConcurrentSteps;
    }

    public void setMaxConcurrentSteps(int maxConcurrentSteps) {
        this.maxConcurrentSteps = maxConcurrentSteps;
    }

    public @Nullable String getNodeId() {
        return nodeId;
    }

    public void setNodeId(@Nullable String nodeId) {
        this.nodeId = nodeId;
    }

    public boolean isStrictTemplates() {
        return strictTemplates;
    }

    public void setStrictTemplates(boolean strictTemplates) {
        this.strictTemplates = strictTemplates;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public Duration getDefaultStepTimeout() {
        return defaultStepTimeout;
    }

    public void setDefaultStepTimeout(Duration defaultStepTimeout) {
        this.defaultStepTimeout = defaultStepTimeout;
    }

    public Database getDatabase() {
        return database;
    }

    /** Where the engine keeps its tasks ({@code tasker.database.*}). */
    public static class Database {
        /**
         * Whether to use the application's DataSource bean when it has one (the primary one when there are
         * several). The engine creates its tables there and never closes it.
         */
        private boolean useApplicationDataSource = true;

        /**
         * A JDBC URL of the engine's own database, with a pool of its own; when set it is used even if the
         * application has a DataSource.
         */
        private @Nullable String url;

        /** The user for "url". */
        private @Nullable String username;

        /** The password for "url". */
        private @Nullable String password;

        /** The size of the engine's own pool for "url" or the embedded H2 file. */
        private int poolSize = 10;

        /**
         * The embedded H2 database used when there is neither "url" nor an application DataSource: a file path
         * without the ".mv.db" suffix, relative to the working directory unless absolute. Unset: the engine's
         * default database (tasker.jdbc.url / TASKER_JDBC_URL, tasker.db.path / TASKER_DB_PATH, else
         * ~/.tasker/db/tasker), which does not depend on the working directory.
         */
        private @Nullable String h2File;

        /** Forces the SQL dialect ("h2", "postgresql") instead of detecting it from the database. */
        private @Nullable String dialect;

        public boolean isUseApplicationDataSource() {
            return useApplicationDataSource;
        }

        public void setUseApplicationDataSource(boolean useApplicationDataSource) {
            this.useApplicationDataSource = useApplicationDataSource;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public @Nullable String getH2File() {
            return h2File;
        }

        public void setH2File(@Nullable String h2File) {
            this.h2File = h2File;
        }

        public @Nullable String getDialect() {
            return dialect;
        }

        public void setDialect(@Nullable String dialect) {
            this.dialect = dialect;
        }
    }
}

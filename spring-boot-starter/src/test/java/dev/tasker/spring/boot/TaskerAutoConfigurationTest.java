package dev.tasker.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.template.TemplateValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TaskerAutoConfigurationTest {
    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TaskerAutoConfiguration.class))
                .withUserConfiguration(StarterHandlers.class)
                .withPropertyValues(
                        "tasker.templates=classpath:starter-test/templates",
                        "tasker.database.h2-file=" + dir.resolve("tasker"));
    }

    static TaskSnapshot invoice(Tasker tasker, int amount) {
        return tasker.submit(TaskRequest.of("starter", "invoice", Map.of("amount", amount)))
                .await(Duration.ofSeconds(20));
    }

    @Test
    void handler_beans_of_every_kind_run_the_template_on_an_embedded_h2_file() {
        runner().run(context -> {
            assertNull(context.getStartupFailure());
            Tasker tasker = context.getBean(Tasker.class);
            assertInstanceOf(ManagedTasker.class, tasker);
            TaskSnapshot task = invoice(tasker, 21);
            assertEquals(TaskState.COMPLETE, task.state(), () -> task.toString());
            assertTrue(task.step("check").result().get("positive").asBoolean());
            assertEquals(42, task.step("price").result().get("total").asInt());
            assertTrue(task.step("notify").result().get("sent").asBoolean());
            assertTrue(Files.exists(dir.resolve("tasker.mv.db")), "the embedded H2 file tasker.database.h2-file");
        });
    }

    @Test
    void without_h2_file_or_data_source_the_engines_stable_default_database_is_used_and_no_shutdown_hook() {
        // The build points tasker.db.path at target/tasker-default-db for every test JVM (root pom).
        Path folder = Path.of(System.getProperty(TaskerBuilder.DB_PATH_PROPERTY));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TaskerAutoConfiguration.class))
                .withUserConfiguration(StarterHandlers.class)
                .withPropertyValues("tasker.templates=classpath:starter-test/templates")
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    TaskSnapshot task = invoice(context.getBean(Tasker.class), 5);
                    assertEquals(TaskState.COMPLETE, task.state(), () -> task.toString());
                    assertTrue(Files.exists(folder.resolve("tasker.mv.db")), "the default database in " + folder);
                    assertFalse(Files.exists(Path.of(".tasker")), "nothing under the working directory");
                });
    }

    @Test
    void the_application_data_source_is_used_when_there_is_one() {
        JdbcDataSource application = h2("app");
        runner().withBean(DataSource.class, () -> application).run(context -> {
            assertEquals(
                    TaskState.COMPLETE,
                    invoice(context.getBean(Tasker.class), 1).state());
            assertTrue(hasTaskerTables(application), "the engine's tables are in the application's DataSource");
            assertFalse(Files.exists(dir.resolve("tasker.mv.db")), "no embedded file when there is a DataSource");
        });
    }

    @Test
    void a_database_url_wins_over_the_application_data_source() {
        JdbcDataSource application = h2("app");
        JdbcDataSource own = h2("own");
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("tasker.database.url=" + own.getURL())
                .run(context -> {
                    assertEquals(
                            TaskState.COMPLETE,
                            invoice(context.getBean(Tasker.class), 1).state());
                    assertTrue(hasTaskerTables(own));
                    assertFalse(hasTaskerTables(application));
                });
    }

    @Test
    void properties_bind_and_reach_the_engine() {
        runner().withPropertyValues(
                        "tasker.node-id=node-spring-1",
                        "tasker.max-concurrent-steps=7",
                        "tasker.shutdown-grace=3s",
                        "tasker.environment=test",
                        "tasker.templates=classpath:starter-test/templates,classpath:starter-test/warning")
                .run(context -> {
                    TaskerProperties properties = context.getBean(TaskerProperties.class);
                    assertEquals(7, properties.getMaxConcurrentSteps());
                    assertEquals(Duration.ofSeconds(3), properties.getShutdownGrace());
                    assertEquals("test", properties.getEnvironment());
                    Tasker tasker = context.getBean(Tasker.class);
                    assertEquals("node-spring-1", tasker.nodeId());
                    assertEquals(2, tasker.templates().all().size(), "both template locations were loaded");
                });
    }

    @Test
    void templates_come_from_folders_on_disk_and_resource_patterns() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("templates/nested"));
        try (var in = getClass().getResourceAsStream("/starter-test/templates/invoice.yaml")) {
            Files.write(folder.resolve("invoice.yml"), in.readAllBytes());
        }
        runner().withPropertyValues(
                        "tasker.templates=file:" + dir.resolve("templates") + ",classpath*:starter-test/warning/*.yaml")
                .run(context -> {
                    Tasker tasker = context.getBean(Tasker.class);
                    assertEquals(2, tasker.templates().all().size());
                    assertEquals(TaskState.COMPLETE, invoice(tasker, 4).state());
                });
    }

    @Test
    void strict_templates_refuse_the_start_on_a_template_warning() {
        runner().withPropertyValues(
                        "tasker.strict-templates=true",
                        "tasker.templates=classpath:starter-test/templates,classpath:starter-test/warning")
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    assertNotNull(failure, "a strict start must fail on the misspelled key");
                    Throwable cause = failure;
                    while (cause != null && !(cause instanceof TemplateValidationException)) {
                        cause = cause.getCause();
                    }
                    assertNotNull(cause, () -> "no TemplateValidationException in " + failure);
                    assertTrue(cause.getMessage().contains("max_atempts"), cause.getMessage());
                });
    }

    @Test
    void the_defaults_are_the_engine_builders() {
        TaskerProperties defaults = new TaskerProperties();
        assertEquals(TaskerBuilder.DEFAULT_MAX_CONCURRENT_STEPS, defaults.getMaxConcurrentSteps());
        assertEquals(TaskerBuilder.DEFAULT_SHUTDOWN_GRACE, defaults.getShutdownGrace());
        assertEquals(TaskerBuilder.DEFAULT_STEP_TIMEOUT, defaults.getDefaultStepTimeout());
        assertEquals(TaskerBuilder.DEFAULT_POOL_SIZE, defaults.getDatabase().getPoolSize());
    }

    @Test
    void an_explicit_template_location_that_does_not_exist_fails_the_start() {
        runner().withPropertyValues("tasker.templates=classpath:no/such/folder").run(context -> {
            assertNotNull(context.getStartupFailure());
            assertTrue(
                    String.valueOf(rootCause(context.getStartupFailure()).getMessage())
                            .contains("no/such/folder"),
                    () -> "" + rootCause(context.getStartupFailure()));
        });
    }

    @Test
    void two_step_handlers_for_one_callable_fail_the_start_naming_the_bean() {
        runner().withBean("starter.price", dev.tasker.api.StepHandler.class, () -> ctx -> null)
                .run(context -> {
                    Throwable root = context.getStartupFailure();
                    assertNotNull(root);
                    String messages = messages(root);
                    assertTrue(messages.contains("starter.price"), messages);
                    assertTrue(messages.contains("already registered"), messages);
                });
    }

    @Test
    void customizers_see_the_builder() {
        runner().withBean(TaskerBuilderCustomizer.class, () -> builder -> builder.nodeId("customized"))
                .run(context ->
                        assertEquals("customized", context.getBean(Tasker.class).nodeId()));
    }

    @Test
    void the_applications_own_tasker_bean_wins() {
        runner().withUserConfiguration(OwnTasker.class).run(context -> {
            assertEquals(1, context.getBeansOfType(Tasker.class).size());
            Tasker tasker = context.getBean(Tasker.class);
            assertFalse(tasker instanceof ManagedTasker);
            assertEquals("own", tasker.nodeId());
            assertFalse(Files.exists(dir.resolve("tasker.mv.db")));
        });
    }

    @Test
    void tasker_enabled_false_configures_nothing() {
        runner().withPropertyValues("tasker.enabled=false")
                .run(context -> assertTrue(context.getBeansOfType(Tasker.class).isEmpty()));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTasker {
        @Bean
        Tasker tasker() {
            return Tasker.builder()
                    .jdbcUrl("jdbc:h2:mem:own-" + UUID.randomUUID())
                    .nodeId("own")
                    .build();
        }
    }

    static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    static boolean hasTaskerTables(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, null, "TASKER_SCHEMA_VERSION", null)) {
            return rs.next();
        }
    }

    static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }

    @Test
    void the_managed_tasker_refuses_calls_before_its_start() {
        ManagedTasker tasker = new ManagedTasker(() -> {
            throw new AssertionError("not built before start()");
        });
        assertFalse(tasker.isRunning());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> tasker.submit(TaskRequest.of("a", "b", null)));
        assertTrue(e.getMessage().contains("not running"), e.getMessage());
        assertEquals(ManagedTasker.PHASE, tasker.getPhase());
    }
}

package dev.tasker.cli.spi;

import dev.tasker.engine.TaskerBuilder;

/**
 * An application's handlers for {@code tasker run --classpath}: found with {@link java.util.ServiceLoader} in the
 * jars and folders {@code --classpath} names (and on the command line's own class path), through the file
 * {@code META-INF/services/dev.tasker.cli.spi.HandlerModule}. {@code tasker run} then runs the application's own
 * templates with the application's own handlers, including those that need constructor arguments or are not
 * named by class in the templates' callables:
 *
 * <pre>{@code
 * public final class InvoiceHandlers implements HandlerModule {
 *     public InvoiceHandlers() {}  // ServiceLoader needs a public no-argument constructor
 *
 *     @Override
 *     public void register(TaskerBuilder builder) {
 *         builder.handlers(new ApprovalHandlers(new FakeMailer()))
 *                .handler("invoices.archive", new ArchiveHandler());
 *     }
 * }
 * }</pre>
 *
 * The application depends on {@code tasker-cli} only to compile this class ({@code provided} scope in Maven,
 * {@code compileOnly} in Gradle). Handlers of templates other than the one run are registered and unused.
 */
public interface HandlerModule {

    /** Registers this module's handlers on the builder of the engine {@code tasker run} starts. */
    void register(TaskerBuilder builder);
}

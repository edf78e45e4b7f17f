package dev.tasker.engine;

/**
 * A client for operators and tools (the command line, an admin service) on the database of the application's
 * engine: it reads tasks, their audit, the DLQ and the nodes, and applies cancels, step repairs and DLQ
 * resolutions. It runs no step, so it needs no handlers (templates are loaded to act on their tasks, their
 * handlers are not resolved), resumes nothing, sweeps nothing, and cannot submit. Build one with
 * {@link TaskerBuilder#buildClient()}:
 *
 * <pre>{@code
 * try (TaskerClient client = Tasker.builder().jdbcUrl(url).classpathTemplates("tasker/templates").buildClient()) {
 *     client.retryTask(taskId, "alice", "payment provider fixed");
 * }
 * }</pre>
 *
 * <p>The application's engine picks the changes up when it next loads those tasks (at its start, or when its
 * next write to them finds them changed). On a database one engine runs at a time (an H2 file, also shared
 * through {@code AUTO_SERVER}) a client takes no ownership, so it can be built while that engine runs; a
 * {@link #cancel cancel} is then handed to that engine (it interrupts the handlers and records the cancel within
 * about half a second), and step repairs are refused with what to do. On PostgreSQL shared by several engines,
 * a client joins the node registry only when an action needs a task in its hands.
 *
 * <p>Thread-safe. {@link #close()} releases the database.
 */
public interface TaskerClient extends TaskerOperations {}

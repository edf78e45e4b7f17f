package dev.tasker.engine.internal;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where an engine given neither a JDBC URL nor a DataSource keeps its data, and why there: the first of
 * <ol>
 *   <li>the system property {@value #URL_PROPERTY}, or the environment variable {@value #URL_ENV}: a JDBC URL;</li>
 *   <li>the system property {@value #PATH_PROPERTY}, or the environment variable {@value #PATH_ENV}: a folder,
 *       holding the H2 file {@code tasker.mv.db};</li>
 *   <li>the folder {@code .tasker/db} in the user's home: a place that does not move with the working directory,
 *       so an application started from another folder finds its tasks, and the command line's default is the
 *       same file.</li>
 * </ol>
 * A system property wins over the environment variable of the same setting (a test or a launcher can override
 * the environment).
 *
 * @param url the JDBC URL
 * @param origin where it came from, for the start-up log line
 */
public record DefaultDatabase(String url, String origin) {
    public static final String URL_PROPERTY = "tasker.jdbc.url";
    public static final String URL_ENV = "TASKER_JDBC_URL";
    public static final String PATH_PROPERTY = "tasker.db.path";
    public static final String PATH_ENV = "TASKER_DB_PATH";
    /** The database's file name in its folder (H2 adds {@code .mv.db}). */
    static final String FILE_NAME = "tasker";

    /** Resolved from this JVM's system properties, environment and home folder. */
    public static DefaultDatabase resolve() {
        return resolve(System::getProperty, System::getenv, System.getProperty("user.home"));
    }

    /** Resolved from the given lookups (for tests: no real environment or home involved). */
    public static DefaultDatabase resolve(
            UnaryOperator<String> properties, UnaryOperator<String> environment, String userHome) {
        String url = given(properties.apply(URL_PROPERTY));
        if (url != null) {
            return new DefaultDatabase(url, "system property " + URL_PROPERTY);
        }
        url = given(environment.apply(URL_ENV));
        if (url != null) {
            return new DefaultDatabase(url, "environment variable " + URL_ENV);
        }
        String folder = given(properties.apply(PATH_PROPERTY));
        if (folder != null) {
            return inFolder(Path.of(folder), "system property " + PATH_PROPERTY);
        }
        folder = given(environment.apply(PATH_ENV));
        if (folder != null) {
            return inFolder(Path.of(folder), "environment variable " + PATH_ENV);
        }
        if (given(userHome) == null) {
            throw new IllegalStateException(
                    "no database given and no home folder (user.home) to keep the default one" + " in: set "
                            + PATH_PROPERTY + " (or " + PATH_ENV + ") to a folder, or give the builder a jdbcUrl");
        }
        return inFolder(
                Path.of(userHome, ".tasker", "db"),
                "the default location (set " + PATH_PROPERTY + " or " + PATH_ENV + " to choose a folder)");
    }

    private static DefaultDatabase inFolder(Path folder, String origin) {
        Path file = folder.toAbsolutePath().normalize().resolve(FILE_NAME);
        return new DefaultDatabase("jdbc:h2:file:" + file, origin);
    }

    private static String given(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

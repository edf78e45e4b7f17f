package dev.tasker.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * An embedded H2 file URL, as the operations commands open it. They open only a database that exists
 * ({@code IFEXISTS=TRUE}): a read in the wrong folder should say there is no database there rather
 * than create an empty one. The H2 knowledge of the command line is kept here.
 *
 * @param url the URL as the user gave it (or the default)
 * @param location the database's path, without H2's {@code .mv.db}
 */
record H2File(String url, String location) {
    /** H2's SQL states for "the file is open in another process" and "no such database (IFEXISTS)". */
    private static final String IN_USE = "90020";

    private static final String NOT_FOUND = "90146";

    /** The URL's embedded file database; empty for in-memory, server and non-H2 URLs. */
    static Optional<H2File> of(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return Optional.empty();
        }
        String location = url.substring(8).split(";")[0];
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            location = location.substring(5);
        }
        if (location.matches("(?i)^(mem|tcp|ssl|zip):.*")) {
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(
                new H2File(url, Path.of(location).toAbsolutePath().normalize().toString()));
    }

    /** The URL to open: the given one, only if the database exists. */
    String existingOnlyUrl() {
        return url.toUpperCase(Locale.ROOT).contains(";IFEXISTS=") ? url : url + ";IFEXISTS=TRUE";
    }

    /** The URL with H2's automatic server mode, which lets several processes share the file. */
    String serverModeUrl() {
        return url.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=") ? url : url + ";AUTO_SERVER=TRUE";
    }

    /** True when opening failed because another process has the file open. */
    static boolean inUse(Throwable failure) {
        return sqlState(failure).filter(IN_USE::equals).isPresent();
    }

    /** True when opening failed because there is no database file. */
    static boolean missing(Throwable failure) {
        return sqlState(failure).filter(NOT_FOUND::equals).isPresent();
    }

    private static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}

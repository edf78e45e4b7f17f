package dev.tasker.cli;

import picocli.CommandLine.Option;

/** {@code --db JDBC_URL}, shared by the commands that open the application's database. */
final class DatabaseOption {
    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "the database, which must exist and hold the Tasker schema (default: the engine's, "
                    + "~/.tasker/db/tasker unless tasker.db.path / TASKER_DB_PATH or tasker.jdbc.url / TASKER_JDBC_URL "
                    + "say otherwise)")
    String url;
}

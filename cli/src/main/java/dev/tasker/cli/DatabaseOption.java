package dev.tasker.cli;

import picocli.CommandLine.Option;

/** {@code --db JDBC_URL}, shared by the commands that open the application's database. */
final class DatabaseOption {
    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "the database (default: the H2 file ./.tasker/tasker, which must exist)")
    String url;
}

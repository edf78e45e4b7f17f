package dev.tasker.cli;

import picocli.CommandLine.Option;

/** {@code --limit N --offset N}, shared by the commands that list a page of rows. */
final class PageOptions {
    @Option(names = "--limit", paramLabel = "N", description = "rows to show (the default is the command's)")
    String limit;

    @Option(names = "--offset", paramLabel = "N", description = "rows to skip (default: 0)")
    String offset;

    int limit(int fallback) {
        return CliCommand.intOption("limit", limit, fallback, 1, 10_000);
    }

    int offset() {
        return CliCommand.intOption("offset", offset, 0, 0, Integer.MAX_VALUE);
    }
}

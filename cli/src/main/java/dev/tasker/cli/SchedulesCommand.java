package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.ScheduleInfo;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasker schedules [pause|resume NAME]}: the recurring schedules the database's engines declared, with
 * their next fire times; an operator pauses or resumes one (for every engine, across restarts).
 */
@Command(
        name = "schedules",
        customSynopsis = "tasker schedules [pause NAME | resume NAME] [--by WHO] [--db JDBC_URL]",
        description = "list the recurring schedules (next fire times, paused, last fire), or pause/resume one")
final class SchedulesCommand extends CliCommand {
    @Parameters(paramLabel = "ACTION NAME", arity = "0..*", description = "pause NAME or resume NAME")
    List<String> args = List.of();

    @Option(names = "--by", paramLabel = "WHO", description = "who pauses or resumes it (logged)")
    String by = System.getProperty("user.name", "operator");

    @Mixin
    DatabaseOption db = new DatabaseOption();

    SchedulesCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (args.isEmpty()) {
            return list();
        }
        if (args.size() != 2 || !List.of("pause", "resume").contains(args.getFirst())) {
            throw new UsageException("use 'schedules' to list, 'schedules pause NAME' or 'schedules resume NAME'");
        }
        String name = args.get(1);
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            if (args.getFirst().equals("pause")) {
                engine.tasker().pauseSchedule(name, by);
                out.println("schedule '" + name + "' paused (by " + by + "); no fire of it runs until it is resumed");
            } else {
                engine.tasker().resumeSchedule(name, by);
                out.println("schedule '" + name + "' resumed (by " + by + "); the fires due while it was paused do"
                        + " not run");
            }
        }
        return 0;
    }

    private int list() {
        List<ScheduleInfo> schedules;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            schedules = engine.tasker().schedules();
        }
        if (schedules.isEmpty()) {
            out.println("no schedules (declare them on the builder or in schedules.yaml beside the templates)");
            return 0;
        }
        TextTable table =
                new TextTable("NAME", "CRON", "ZONE", "TEMPLATE", "STATE", "MISSED", "LAST FIRE", "NEXT FIRE TIMES");
        for (ScheduleInfo s : schedules) {
            table.row(
                    s.name(),
                    s.cron()
                            + (s.syntax() == dev.tasker.engine.CronSyntax.UNIX
                                    ? ""
                                    : " (" + s.syntax().wireName() + ")"),
                    s.zone(),
                    s.namespace() + "/" + s.taskName() + (s.version() == null ? "" : "/" + s.version()),
                    s.paused() ? "paused" : "active",
                    s.missedFires().wireName(),
                    s.lastFireAt() == null ? "-" : Cells.time(s.lastFireAt()),
                    s.nextFireTimes().stream().map(Instant::toString).collect(Collectors.joining(", ")));
        }
        table.lines().forEach(out::println);
        return 0;
    }
}

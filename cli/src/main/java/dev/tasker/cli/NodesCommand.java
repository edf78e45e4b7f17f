package dev.tasker.cli;

import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.NodeInfo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tasker nodes}: the engines sharing a PostgreSQL database, with their leases and tasks. */
@Command(
        name = "nodes",
        customSynopsis = "tasker nodes [--db JDBC_URL]",
        description = "list the engine nodes sharing the database (PostgreSQL)")
final class NodesCommand extends CliCommand {
    @Parameters(hidden = true, arity = "0..*")
    List<String> extra = List.of();

    @Mixin
    DatabaseOption db = new DatabaseOption();

    NodesCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    public Integer call() {
        if (!extra.isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        List<NodeInfo> nodes;
        try (OperatorEngine engine = OperatorEngine.open(db.url)) {
            nodes = engine.tasker().nodes();
        }
        if (nodes.isEmpty()) {
            out.println("no nodes registered (an H2 file belongs to one engine; on PostgreSQL, none is running)");
            return 0;
        }
        TextTable table = new TextTable("NODE", "STATUS", "EPOCH", "STARTED", "LAST HEARTBEAT", "LEASE UNTIL", "TASKS");
        for (NodeInfo n : nodes) {
            table.row(
                    n.nodeId(),
                    n.status(),
                    String.valueOf(n.epoch()),
                    Cells.time(n.startedAt()),
                    Cells.time(n.heartbeatAt()),
                    Cells.time(n.leaseExpiresAt()),
                    String.valueOf(n.unfinishedTasks()));
        }
        table.lines().forEach(out::println);
        return 0;
    }
}

package dev.tasker.cli;

import dev.tasker.engine.NodeInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code tasker nodes}: the engines sharing a PostgreSQL database, with their leases and tasks. */
final class NodesCommand implements CliCommand {
    @Override
    public String name() {
        return "nodes";
    }

    @Override
    public String usage() {
        return "nodes " + OperatorEngine.DB_USAGE;
    }

    @Override
    public String summary() {
        return "list the engine nodes sharing the database (PostgreSQL)";
    }

    @Override
    public Set<String> flags() {
        return OperatorEngine.options();
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        if (!args.positional().isEmpty()) {
            throw new UsageException("takes no arguments, only options");
        }
        List<NodeInfo> nodes;
        try (OperatorEngine engine = OperatorEngine.open(args)) {
            nodes = engine.tasker().nodes();
        }
        if (nodes.isEmpty()) {
            out.println("no nodes registered (an H2 file belongs to one engine; on PostgreSQL, none is running)");
            return 0;
        }
        TextTable table = new TextTable("NODE", "STATUS", "EPOCH", "STARTED", "LAST HEARTBEAT", "LEASE UNTIL",
                "TASKS");
        for (NodeInfo n : nodes) {
            table.row(n.nodeId(), n.status(), String.valueOf(n.epoch()), Cells.time(n.startedAt()),
                    Cells.time(n.heartbeatAt()), Cells.time(n.leaseExpiresAt()), String.valueOf(n.unfinishedTasks()));
        }
        table.lines().forEach(out::println);
        return 0;
    }
}

package dev.tasker.bench.peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as one Markdown table. The ratio columns say how many times better this engine's figure is
 * than the row's on the same store: the peer's latency over the engine's, the engine's throughput over the
 * peer's (above 1, the engine is better).
 */
final class Table {
    private static final String[] HEADER = {
        "system",
        "store",
        "linear n",
        "linear p50 ms",
        "linear p99 ms",
        "diamonds/s",
        "steps/s",
        "diamond submit s",
        "diamond wall s",
        "tasker × p50",
        "tasker × p99",
        "tasker × diamonds/s",
        "batched diamonds/s",
        "batched submit s",
        "tasker × batched/s"
    };

    private Table() {}

    static String render(List<PeersBench.Row> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (PeersBench.Row r : rows) {
            Figures f = r.figures();
            Figures engine = rows.stream()
                    .filter(o -> o.kind().equals(r.kind()) && o.system().startsWith(PeersBench.TASKER))
                    .map(PeersBench.Row::figures)
                    .findFirst()
                    .orElse(null);
            boolean self = r.system().startsWith(PeersBench.TASKER);
            if (f.error() != null) {
                String[] failed = new String[HEADER.length];
                Arrays.fill(failed, "");
                failed[0] = r.system();
                failed[1] = r.store();
                failed[2] = "failed";
                lines.add(failed);
                continue;
            }
            lines.add(new String[] {
                r.system(),
                r.store(),
                String.valueOf(f.linearTasks()),
                number(f.p50Ms(), 2),
                number(f.p99Ms(), 2),
                number(f.diamondsPerSecond(), 0),
                number(f.stepsPerSecond(), 0),
                number(f.submitSeconds(), 2),
                number(f.wallSeconds(), 2),
                self || engine == null ? "—" : ratio(f.p50Ms() / engine.p50Ms()),
                self || engine == null ? "—" : ratio(f.p99Ms() / engine.p99Ms()),
                self || engine == null ? "—" : ratio(engine.diamondsPerSecond() / f.diamondsPerSecond()),
                number(f.batchedDiamondsPerSecond(), 0),
                number(f.batchedSubmitSeconds(), 2),
                self || engine == null ? "—" : ratio(engine.batchedDiamondsPerSecond() / f.batchedDiamondsPerSecond())
            });
        }
        int[] width = new int[HEADER.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            append(b, lines.get(l), width);
            if (l == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < width.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                append(b, rule, width);
            }
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String[] cells, int[] width) {
        b.append('|');
        for (int i = 0; i < cells.length; i++) {
            b.append(' ')
                    .append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i]))
                    .append(" |");
        }
        b.append('\n');
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f×", value) : "—";
    }
}

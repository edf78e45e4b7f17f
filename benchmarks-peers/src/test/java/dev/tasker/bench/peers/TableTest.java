package dev.tasker.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    private static PeersBench.Row row(String system, String kind, double p50, double p99, double wall) {
        return new PeersBench.Row(
                system, kind, kind, new Figures(10, p50, p99, 100, wall / 2, wall, wall / 4, wall / 2, null), "");
    }

    private static String[] cells(String table, String system, String store) {
        return table.lines()
                .filter(l -> l.startsWith("| " + system) && l.contains(store))
                .findFirst()
                .orElseThrow()
                .split("\\s*\\|\\s*");
    }

    @Test
    void ratios_say_how_many_times_better_the_engine_is_on_the_same_store() {
        String table = Table.render(List.of(
                row("tasker (this engine)", "h2", 1, 2, 1),
                row("peer", "h2", 4, 5, 3),
                row("tasker (this engine)", "postgres", 3, 6, 2),
                row("peer", "postgres", 3, 12, 1)));
        // h2: the peer does 100 diamonds in 3 s; latency 4/1, 5/2; throughput (100/1) / (100/3)
        String[] h2 = cells(table, "peer", "h2");
        assertEquals(
                List.of("33", "133", "1.50", "3.00", "4.0×", "2.5×", "3.0×"),
                List.of(h2).subList(6, 13));
        // postgres: compared with the engine on postgres, not on h2
        String[] pg = cells(table, "peer", "postgres");
        assertEquals(List.of("1.0×", "2.0×", "0.5×"), List.of(pg).subList(10, 13));
        assertTrue(cells(table, "tasker", "h2")[10].equals("—"), table);
        // batched: the peer's 100 diamonds in 1.5 s against the engine's in 0.5 s on h2
        assertEquals(List.of("67", "0.75", "3.0×"), List.of(h2).subList(13, 16));
    }

    @Test
    void a_failed_system_is_a_row_that_says_so() {
        String table = Table.render(List.of(
                new PeersBench.Row("peer", "H2 file", "h2", Figures.failed(new IllegalStateException("boom")), "")));
        assertEquals("failed", cells(table, "peer", "H2 file")[3]);
    }
}

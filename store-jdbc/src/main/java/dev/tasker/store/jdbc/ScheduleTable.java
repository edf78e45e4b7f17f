package dev.tasker.store.jdbc;

import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.ScheduleRow;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The recurring schedules' definitions and state, {@code tasker_schedules} (schema V7). */
final class ScheduleTable {
    static final Table TABLE = new Table(
            "tasker_schedules",
            "name",
            "cron",
            "cron_type",
            "zone",
            "namespace",
            "task_name",
            "version",
            "missed_fires",
            "paused",
            "last_fire_at",
            "updated_at");
    private static final String UPDATE_DEFINITION = "UPDATE tasker_schedules SET cron = ?, cron_type = ?, zone = ?,"
            + " namespace = ?, task_name = ?, version = ?, missed_fires = ?, updated_at = ? WHERE name = ?";
    private static final String ADVANCE = "UPDATE tasker_schedules SET last_fire_at = ?, updated_at = ?"
            + " WHERE name = ? AND (last_fire_at IS NULL OR last_fire_at < ?)";
    private static final String PAUSE = "UPDATE tasker_schedules SET paused = ?, updated_at = ? WHERE name = ?";
    private static final String RESUME = "UPDATE tasker_schedules SET paused = ?, updated_at = ?,"
            + " last_fire_at = CASE WHEN last_fire_at IS NULL OR last_fire_at < ? THEN ? ELSE last_fire_at END"
            + " WHERE name = ?";

    private final Jdbc jdbc;

    ScheduleTable(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stored if new (with its state), then its definition replaced (its state kept). Two engines declaring a
     * new schedule at once: one insert fails on the key, and that engine's update finds the other's row.
     */
    void declare(ScheduleRow row) {
        StoreException raced = null;
        try {
            jdbc.inTransaction("store schedule '" + row.name() + "'", c -> {
                boolean exists = !jdbc.query(
                                c, "SELECT name FROM tasker_schedules WHERE name = ?", p -> p.text(row.name()), r -> 1)
                        .isEmpty();
                return exists ? 0 : jdbc.update(c, TABLE.insert(), p -> bind(p, row));
            });
        } catch (StoreException e) {
            raced = e;
        }
        int updated = jdbc.inTransaction(
                "update schedule '" + row.name() + "'",
                c -> jdbc.update(
                        c,
                        UPDATE_DEFINITION,
                        p -> p.text(row.cron())
                                .text(row.cronType())
                                .text(row.zone())
                                .text(row.namespace())
                                .text(row.taskName())
                                .text(row.version())
                                .text(row.missedFires())
                                .instant(row.updatedAt())
                                .text(row.name())));
        if (updated == 0 && raced != null) {
            throw raced;
        }
    }

    List<ScheduleRow> all() {
        return jdbc.query(
                "list the schedules", TABLE.select() + " ORDER BY name", Jdbc.NO_PARAMETERS, ScheduleTable::read);
    }

    boolean advance(String name, Instant fireTime, Instant at) {
        return jdbc.inTransaction(
                        "advance schedule '" + name + "'",
                        c -> jdbc.update(
                                c,
                                ADVANCE,
                                p -> p.instant(fireTime).instant(at).text(name).instant(fireTime)))
                > 0;
    }

    boolean pause(String name, boolean paused, Instant at) {
        String doing = (paused ? "pause" : "resume") + " schedule '" + name + "'";
        return jdbc.inTransaction(
                        doing,
                        c -> paused
                                ? jdbc.update(
                                        c, PAUSE, p -> p.bool(true).instant(at).text(name))
                                : jdbc.update(
                                        c,
                                        RESUME,
                                        p -> p.bool(false)
                                                .instant(at)
                                                .instant(at)
                                                .instant(at)
                                                .text(name)))
                > 0;
    }

    private static void bind(Parameters p, ScheduleRow row) throws SQLException {
        p.text(row.name())
                .text(row.cron())
                .text(row.cronType())
                .text(row.zone())
                .text(row.namespace())
                .text(row.taskName())
                .text(row.version())
                .text(row.missedFires())
                .bool(row.paused())
                .instant(row.lastFireAt())
                .instant(row.updatedAt());
    }

    private static ScheduleRow read(ResultRow row) throws SQLException {
        return new ScheduleRow(
                row.text("name"),
                row.text("cron"),
                row.text("cron_type"),
                row.text("zone"),
                row.text("namespace"),
                row.text("task_name"),
                row.text("version"),
                row.text("missed_fires"),
                row.bool("paused"),
                row.instant("last_fire_at"),
                row.instant("updated_at"));
    }
}

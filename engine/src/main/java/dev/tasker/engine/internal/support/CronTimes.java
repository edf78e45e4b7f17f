package dev.tasker.engine.internal.support;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.tasker.engine.CronSyntax;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fire times of one cron expression in one time zone (cron-utils). Immutable, thread-safe. */
public final class CronTimes {
    private static final Map<CronSyntax, CronParser> PARSERS = new EnumMap<>(CronSyntax.class);

    static {
        PARSERS.put(CronSyntax.UNIX, new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)));
        PARSERS.put(CronSyntax.QUARTZ, new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)));
        PARSERS.put(CronSyntax.SPRING, new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING)));
    }

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronTimes(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /**
     * Parses the expression.
     *
     * @param where names the schedule (and file and line) in the error, e.g. "schedule 'nightly-report'"
     * @throws IllegalArgumentException naming {@code where}, the expression and what is wrong
     */
    public static CronTimes parse(String where, String expression, CronSyntax syntax, ZoneId zone) {
        Cron cron;
        try {
            cron = PARSERS.get(syntax).parse(expression.trim()).validate();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": bad " + syntax.wireName() + " cron expression '" + expression
                    + "': " + e.getMessage()
                    + (syntax == CronSyntax.UNIX
                            ? " (unix syntax has five fields: minute hour day-of-month month day-of-week)"
                            : ""));
        }
        return new CronTimes(ExecutionTime.forCron(cron), zone);
    }

    /** The first fire time strictly after {@code after}, or empty when there is none. */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The next {@code n} fire times strictly after {@code after}. */
    public List<Instant> next(Instant after, int n) {
        List<Instant> out = new ArrayList<>(n);
        Instant at = after;
        for (int i = 0; i < n; i++) {
            Optional<Instant> t = next(at);
            if (t.isEmpty()) {
                break;
            }
            out.add(t.get());
            at = t.get();
        }
        return out;
    }

    /** The latest fire time strictly after {@code after} and at or before {@code upTo}, or empty. */
    public Optional<Instant> latest(Instant after, Instant upTo) {
        if (!upTo.isAfter(after)) {
            return Optional.empty();
        }
        Optional<Instant> first = next(after);
        if (first.isEmpty() || first.get().isAfter(upTo)) {
            return Optional.empty();
        }
        Optional<Instant> candidate = times.lastExecution(ZonedDateTime.ofInstant(upTo, zone))
                .map(ZonedDateTime::toInstant)
                .filter(t -> t.isAfter(after));
        // lastExecution is strictly before upTo: a fire exactly at upTo is the next one of it.
        Instant latest = candidate.orElse(first.get());
        Optional<Instant> after2 = next(latest);
        if (after2.isPresent() && !after2.get().isAfter(upTo)) {
            latest = after2.get();
        }
        return Optional.of(latest);
    }
}

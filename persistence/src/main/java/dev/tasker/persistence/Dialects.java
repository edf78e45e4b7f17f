package dev.tasker.persistence;

import dev.tasker.engine.store.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The dialects this module knows, and how the store chooses one. */
final class Dialects {
    private static final List<SqlDialect> KNOWN = List.of(new H2Dialect(), new PostgresDialect());

    private Dialects() {
    }

    /** The dialect {@code StoreConfig.dialect()} names, if it names one, else the one serving the URL. */
    static Optional<SqlDialect> forUrl(String forcedName, String jdbcUrl) {
        if (forcedName != null) {
            return Optional.of(named(forcedName));
        }
        return KNOWN.stream().filter(d -> d.matchesUrl(jdbcUrl)).findFirst();
    }

    /** The forced dialect if given, else the one serving the connected database's product. */
    static SqlDialect choose(String forcedName, String productName) {
        if (forcedName != null) {
            return named(forcedName);
        }
        return KNOWN.stream().filter(d -> d.matchesProduct(productName)).findFirst()
                .orElseThrow(() -> new StoreException("no SQL dialect for the database product '" + productName
                        + "' (known dialects: " + names() + ")"));
    }

    private static SqlDialect named(String name) {
        return KNOWN.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown SQL dialect '" + name + "' in the store configuration"
                        + " (known dialects: " + names() + ")"));
    }

    private static String names() {
        return KNOWN.stream().map(SqlDialect::name).collect(Collectors.joining(", "));
    }
}

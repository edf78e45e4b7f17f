package dev.tasker.store.jdbc;

import dev.tasker.engine.store.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The database modules on the classpath ({@link DatabaseModule}, found through {@link ServiceLoader}), and
 * how the store chooses one. A database Tasker supports whose module is absent is named with the artifact
 * to add.
 */
final class Dialects {
    /** The databases Tasker has a module for: JDBC URL prefix, dialect name, artifact. */
    private record Supported(String urlPrefix, String name, String artifact) {}

    private static final List<Supported> SUPPORTED = List.of(
            new Supported("jdbc:h2:", "h2", "dev.tasker:tasker-store-h2"),
            new Supported("jdbc:postgresql:", "postgresql", "dev.tasker:tasker-store-postgres"));

    private static final Map<String, String> ARTIFACT_BY_PRODUCT =
            Map.of("h2", "dev.tasker:tasker-store-h2", "postgresql", "dev.tasker:tasker-store-postgres");

    private final List<DatabaseModule> modules;

    Dialects(List<DatabaseModule> modules) {
        this.modules = List.copyOf(modules);
    }

    /**
     * The modules {@link ServiceLoader} finds beside this class (each module registers one), else those the
     * thread's context class loader sees (the engine looks for the store there first).
     */
    static Dialects onClasspath() {
        List<DatabaseModule> found = load(Dialects.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return new Dialects(found.isEmpty() && context != null ? load(context) : found);
    }

    private static List<DatabaseModule> load(ClassLoader loader) {
        return ServiceLoader.load(DatabaseModule.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** The module whose dialect serves the URL, if one is on the classpath. */
    Optional<DatabaseModule> serving(String jdbcUrl) {
        return modules.stream().filter(m -> m.dialect().matchesUrl(jdbcUrl)).findFirst();
    }

    /**
     * The module {@code StoreConfig.dialect()} names, if it names one, else the one serving the URL; empty for
     * a URL of a database Tasker has no module for (the driver and the product name decide then).
     *
     * @throws StoreException when the URL is for a database whose Tasker module is not on the classpath
     */
    Optional<DatabaseModule> forUrl(String forcedName, String jdbcUrl) {
        if (forcedName != null) {
            return Optional.of(named(forcedName));
        }
        Optional<DatabaseModule> found = serving(jdbcUrl);
        if (found.isEmpty() && jdbcUrl != null) {
            SUPPORTED.stream()
                    .filter(s -> jdbcUrl.regionMatches(
                            true, 0, s.urlPrefix(), 0, s.urlPrefix().length()))
                    .findFirst()
                    .ifPresent(s -> {
                        throw new StoreException("no store module for " + s.urlPrefix() + "… on the classpath — add "
                                + s.artifact() + " (store modules found: " + names() + ")");
                    });
        }
        return found;
    }

    /** The forced module if given, else the one serving the connected database's product. */
    DatabaseModule choose(String forcedName, String productName) {
        if (forcedName != null) {
            return named(forcedName);
        }
        return modules.stream()
                .filter(m -> m.dialect().matchesProduct(productName))
                .findFirst()
                .orElseThrow(() -> new StoreException("no SQL dialect for the database product '" + productName
                        + "' (known dialects: " + names() + ")" + artifactFor(productName)));
    }

    private DatabaseModule named(String name) {
        return modules.stream()
                .filter(m -> m.dialect().name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown SQL dialect '" + name
                        + "' in the store configuration (known dialects: " + names() + ")" + artifactFor(name)));
    }

    private static String artifactFor(String nameOrProduct) {
        String artifact =
                nameOrProduct == null ? null : ARTIFACT_BY_PRODUCT.get(nameOrProduct.toLowerCase(Locale.ROOT));
        return artifact == null ? "" : "; add " + artifact;
    }

    private String names() {
        return modules.isEmpty()
                ? "none"
                : modules.stream().map(m -> m.dialect().name()).collect(Collectors.joining(", "));
    }
}

package dev.tasker.engine.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The templates an engine knows, looked up by namespace, name and version. Immutable; two
 * templates with the same namespace, name and version are refused, naming both sources.
 */
public final class TemplateRegistry {
    /** Parts kept apart: "a/b" + "c" and "a" + "b/c" are different templates. */
    private record Key(
            String namespace, String name, @Nullable String version) {
        static Key of(TaskTemplate template) {
            return new Key(template.namespace(), template.name(), template.version());
        }
    }

    private final Map<Key, TaskTemplate> byKey;
    private final Map<Key, List<TaskTemplate>> byName = new LinkedHashMap<>();

    private TemplateRegistry(Map<Key, TaskTemplate> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
        for (TaskTemplate template : byKey.values()) {
            byName.computeIfAbsent(new Key(template.namespace(), template.name(), null), k -> new ArrayList<>())
                    .add(template);
        }
        // Newest first, so "latest" is the head of each list.
        byName.values()
                .forEach(versions -> versions.sort((a, b) -> VersionOrder.INSTANCE.compare(b.version(), a.version())));
    }

    /**
     * @param templates the templates to hold
     * @return the registry
     * @throws TemplateValidationException when two templates share namespace, name and version
     */
    public static TemplateRegistry of(Collection<TaskTemplate> templates) {
        Map<Key, TaskTemplate> byKey = new LinkedHashMap<>();
        List<TemplateProblem> duplicates = new ArrayList<>();
        for (TaskTemplate template : templates) {
            TaskTemplate earlier = byKey.putIfAbsent(Key.of(template), template);
            if (earlier != null) {
                duplicates.add(new TemplateProblem(
                        TemplateProblem.Severity.ERROR,
                        "DUPLICATE_TEMPLATE",
                        template.source(),
                        null,
                        null,
                        null,
                        "template " + template.key() + " is defined twice: in " + earlier.source() + " and in "
                                + template.source()));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new TemplateValidationException(duplicates);
        }
        return new TemplateRegistry(byKey);
    }

    /**
     * @param namespace the namespace
     * @param name      the template name
     * @param version   an exact version, or null for the latest by semantic version order
     * @return the template, or empty
     */
    public Optional<TaskTemplate> find(String namespace, String name, @Nullable String version) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (version != null) {
            return Optional.ofNullable(byKey.get(new Key(namespace, name, version)));
        }
        List<TaskTemplate> versions = byName.get(new Key(namespace, name, null));
        return versions == null ? Optional.empty() : Optional.of(versions.getFirst());
    }

    /** @return every template, in the order given */
    public Collection<TaskTemplate> all() {
        return byKey.values();
    }
}

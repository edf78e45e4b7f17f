package dev.tasker.engine.store.spi;

import java.util.List;
import java.util.UUID;

/**
 * A template version that unfinished tasks use.
 *
 * @param namespace the template's namespace
 * @param name the template's name
 * @param version the template's version
 * @param tasks how many unfinished tasks use it
 * @param firstTaskIds the oldest of those tasks (a few)
 */
public record TemplateUse(String namespace, String name, String version, long tasks, List<UUID> firstTaskIds) {
    /** Copies the ids. */
    public TemplateUse {
        firstTaskIds = List.copyOf(firstTaskIds);
    }
}

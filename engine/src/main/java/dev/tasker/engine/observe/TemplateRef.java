package dev.tasker.engine.observe;

import java.util.Objects;

/**
 * A template, by its namespace, name and version.
 *
 * @param namespace the template's namespace
 * @param name the template's name
 * @param version the template's version
 */
public record TemplateRef(String namespace, String name, String version) {
    /** Checks that no part is null. */
    public TemplateRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}

package dev.tasker.spring.boot;

import dev.tasker.engine.TaskerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads the templates of {@code tasker.templates} through Spring's resources, so that they are found wherever
 * Spring finds resources (folders, jars, an executable Boot jar, every classpath root for {@code classpath:}) and
 * handed to the builder as text, named by their location in error messages.
 */
final class TemplateResources {
    private final ResourcePatternResolver resolver;

    TemplateResources(ResourcePatternResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Adds the templates at each location: a folder ({@code classpath:tasker/templates}, {@code file:/etc/app}),
     * searched with its subfolders for {@code *.yaml} and {@code *.yml}, or a pattern or file of its own
     * ({@code classpath*:billing/*.yaml}). A location without prefix is a classpath folder.
     *
     * @throws IllegalStateException when a location other than the default has no template
     */
    void addTo(TaskerBuilder builder, List<String> locations) {
        for (String location : locations) {
            Map<String, Resource> found = find(location);
            if (found.isEmpty() && !location.equals(TaskerProperties.DEFAULT_TEMPLATES)) {
                throw new IllegalStateException("tasker.templates: no template (*.yaml, *.yml) at '" + location
                        + "'; give a classpath folder (classpath:tasker/templates), a folder on disk"
                        + " (file:/etc/app/templates) or a pattern (classpath*:billing/*.yaml)");
            }
            found.forEach((name, resource) -> builder.templateYaml(read(resource, name), name));
        }
    }

    private Map<String, Resource> find(String location) {
        String base = location.contains(":") ? location : "classpath:" + location;
        boolean single = base.endsWith(".yaml") || base.endsWith(".yml") || base.contains("*");
        List<String> patterns = new ArrayList<>();
        String folder = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (single) {
            patterns.add(base);
        } else {
            String all =
                    folder.startsWith("classpath:") ? "classpath*:" + folder.substring("classpath:".length()) : folder;
            patterns.add(all + "/**/*.yaml");
            patterns.add(all + "/**/*.yml");
        }
        Map<String, Resource> found = new TreeMap<>(Comparator.naturalOrder());
        for (String pattern : patterns) {
            try {
                for (Resource resource : resolver.getResources(pattern)) {
                    if (resource.isReadable()) {
                        found.putIfAbsent(name(resource, single ? null : folder), resource);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "tasker.templates: cannot read '" + location + "': " + e.getMessage(), e);
            }
        }
        return found;
    }

    /** {@code classpath:tasker/templates/billing.yaml} for a file under a folder location; else its URL. */
    private static String name(Resource resource, String folder) {
        String url;
        try {
            url = resource.getURL().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
        if (folder != null) {
            String path = folder.substring(folder.indexOf(':') + 1);
            path = path.startsWith("/") ? path : "/" + path;
            int at = url.lastIndexOf(path + "/");
            if (at >= 0) {
                return folder + url.substring(at + path.length());
            }
        }
        return url;
    }

    private static String read(Resource resource, String name) {
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("tasker.templates: cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}

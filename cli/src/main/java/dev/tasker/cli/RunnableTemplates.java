package dev.tasker.cli;

import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import dev.tasker.engine.template.TemplateProblem;
import dev.tasker.engine.template.TemplateRegistry;
import dev.tasker.engine.template.TemplateReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates {@code tasker run} can run: those on the classpath under {@value OperatorEngine#BUNDLED_TEMPLATES} (the examples' when they are there), then
 * those of {@code --templates}, which replace a classpath template of the same namespace, name and version
 * (so a copy being edited wins over the packaged one). A file that is not a valid template is set aside, not
 * fatal: only the template asked for must be valid, and when it cannot be found the files set aside are named
 * with their first problem.
 */
final class RunnableTemplates {
    private final Map<String, TaskTemplate> byKey;
    private final Map<String, List<TemplateProblem>> warnings;
    private final List<TemplateReport> broken;

    private RunnableTemplates(
            Map<String, TaskTemplate> byKey, Map<String, List<TemplateProblem>> warnings, List<TemplateReport> broken) {
        this.byKey = byKey;
        this.warnings = warnings;
        this.broken = broken;
    }

    static RunnableTemplates load(ClassLoader loader, String paths) {
        TemplateLoader templates = TemplateLoader.defaults();
        Map<String, TaskTemplate> byKey = new LinkedHashMap<>();
        Map<String, List<TemplateProblem>> warnings = new HashMap<>();
        List<TemplateReport> broken = new ArrayList<>();
        sort(templates.checkClasspath(OperatorEngine.BUNDLED_TEMPLATES, loader), byKey, warnings, broken);
        if (paths != null) {
            List<Path> given = new ArrayList<>();
            for (String p : paths.split(File.pathSeparator)) {
                if (!Files.exists(Path.of(p))) {
                    throw new UsageException("--templates: no such file or folder: " + p);
                }
                given.add(Path.of(p));
            }
            sort(templates.check(given.toArray(Path[]::new)), byKey, warnings, broken);
        }
        return new RunnableTemplates(byKey, warnings, List.copyOf(broken));
    }

    private static void sort(
            List<TemplateReport> reports,
            Map<String, TaskTemplate> byKey,
            Map<String, List<TemplateProblem>> warnings,
            List<TemplateReport> broken) {
        for (TemplateReport report : reports) {
            if (report.ok(false) && report.template().isPresent()) {
                TaskTemplate t = report.template().get();
                byKey.put(t.key(), t);
                warnings.put(t.key(), report.warnings());
            } else {
                broken.add(report);
            }
        }
    }

    /** The warnings (unknown keys...) of a template's file, to show before running it. */
    List<TemplateProblem> warnings(TaskTemplate template) {
        return warnings.getOrDefault(template.key(), List.of());
    }

    /**
     * The template {@code spec} names: {@code namespace/name/version}, {@code namespace/name} (its latest
     * version), or {@code name} when one namespace has a template of that name.
     */
    TaskTemplate resolve(String spec) {
        String[] parts = spec.split("/", -1);
        if (parts.length > 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new UsageException("'" + spec + "' is not namespace/name[/version]");
        }
        TemplateRegistry registry = TemplateRegistry.of(byKey.values());
        if (parts.length > 1) {
            return registry.find(parts[0], parts[1], parts.length == 3 ? parts[2] : null)
                    .orElseThrow(
                            () -> new UsageException("no template " + spec + "; there are " + keys(byKey.values())));
        }
        List<String> namespaces = byKey.values().stream()
                .filter(t -> t.name().equals(spec))
                .map(TaskTemplate::namespace)
                .distinct()
                .sorted()
                .toList();
        if (namespaces.isEmpty()) {
            throw new UsageException("no template named " + spec + "; there are " + keys(byKey.values()));
        }
        if (namespaces.size() > 1) {
            throw new UsageException("'" + spec + "' is in several namespaces; name one: "
                    + String.join(
                            ", ", namespaces.stream().map(ns -> ns + "/" + spec).toList()));
        }
        return registry.find(namespaces.get(0), spec, null).orElseThrow();
    }

    private String keys(Collection<TaskTemplate> templates) {
        String valid = templates.isEmpty()
                ? "none"
                : String.join(
                        ", ", templates.stream().map(TaskTemplate::key).sorted().toList());
        if (broken.isEmpty()) {
            return valid;
        }
        return valid + "; set aside as invalid: "
                + String.join(
                        "; ",
                        broken.stream()
                                .map(r -> r.errors().isEmpty()
                                        ? r.source()
                                        : r.errors().getFirst().toString())
                                .toList());
    }
}

package dev.tasker.engine.internal;

import dev.tasker.engine.CronSyntax;
import dev.tasker.engine.MissedFirePolicy;
import dev.tasker.engine.Schedule;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskerException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the recurring schedules declared in a {@code schedules.yaml} (or {@code .yml}) file beside the templates:
 * at the top of each template folder given to the builder, and of each classpath template folder. The template
 * loader skips these files. Schema:
 *
 * <pre>{@code
 * schedules:
 *   - name: nightly-report          # required, unique
 *     cron: "0 2 * * *"             # required
 *     syntax: unix                  # unix (default), quartz or spring
 *     zone: Europe/Paris            # default UTC
 *     task: {namespace: reports, name: nightly, version: 1.0.0}   # version optional (latest)
 *     context: {format: pdf}        # the task input, default {}
 *     missed_fires: run_once        # run_once (default) or skip
 *     paused: false                 # stored paused when first declared
 * }</pre>
 *
 * Every problem is an error naming the file and line.
 */
final class ScheduleFiles {
    static final List<String> FILE_NAMES = List.of("schedules.yaml", "schedules.yml");
    private static final Set<String> KEYS =
            Set.of("name", "cron", "syntax", "zone", "task", "context", "missed_fires", "paused");
    private static final Set<String> TASK_KEYS = Set.of("namespace", "name", "version");

    private ScheduleFiles() {}

    /** The schedules files at the top of these template folders (files given as such are templates). */
    static List<Schedule> fromFolders(List<Path> paths) {
        List<Schedule> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                continue;
            }
            for (String name : FILE_NAMES) {
                Path file = p.resolve(name);
                if (Files.isRegularFile(file)) {
                    try {
                        out.addAll(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
                    } catch (IOException e) {
                        throw new TaskerException("cannot read schedules file " + file + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }

    /** The schedules files at the top of a classpath template folder, in every classpath root that has one. */
    static List<Schedule> fromClasspath(String folder, ClassLoader loader) {
        String prefix = folder.replaceAll("^/+|/+$", "");
        List<Schedule> out = new ArrayList<>();
        for (String name : FILE_NAMES) {
            try {
                for (URL url : Collections.list(loader.getResources(prefix + "/" + name))) {
                    try (InputStream in = url.openStream()) {
                        out.addAll(parse(
                                new String(in.readAllBytes(), StandardCharsets.UTF_8),
                                "classpath:" + prefix + "/" + name));
                    }
                }
            } catch (IOException e) {
                throw new TaskerException(
                        "cannot read schedules file classpath:" + prefix + "/" + name + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Parses one file's text.
     *
     * @throws IllegalArgumentException naming {@code source}, the line and the problem
     */
    static List<Schedule> parse(String text, String source) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Node root;
        try {
            root = yaml.compose(new java.io.StringReader(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof MappingNode top)) {
            throw problem(source, root, "expected a mapping with the key 'schedules'");
        }
        List<Schedule> out = new ArrayList<>();
        for (NodeTuple t : top.getValue()) {
            String key = scalar(source, t.getKeyNode(), "a key");
            if (!key.equals("schedules")) {
                throw problem(source, t.getKeyNode(), "unknown key '" + key + "' (expected 'schedules')");
            }
            if (!(t.getValueNode() instanceof SequenceNode list)) {
                throw problem(source, t.getValueNode(), "'schedules' must be a list");
            }
            for (Node item : list.getValue()) {
                out.add(schedule(source, item));
            }
        }
        return out;
    }

    private static Schedule schedule(String source, Node item) {
        if (!(item instanceof MappingNode map)) {
            throw problem(source, item, "each schedule must be a mapping (name, cron, task, ...)");
        }
        String name = null;
        String cron = null;
        CronSyntax syntax = CronSyntax.UNIX;
        ZoneId zone = ZoneOffset.UTC;
        String namespace = null;
        String taskName = null;
        String version = null;
        Object context = null;
        MissedFirePolicy missed = MissedFirePolicy.RUN_ONCE;
        boolean paused = false;
        for (NodeTuple t : map.getValue()) {
            String key = scalar(source, t.getKeyNode(), "a key");
            Node value = t.getValueNode();
            try {
                switch (key) {
                    case "name" -> name = scalar(source, value, "the schedule's name");
                    case "cron" -> cron = scalar(source, value, "a cron expression");
                    case "syntax" -> syntax = CronSyntax.fromWireName(scalar(source, value, "unix, quartz or spring"));
                    case "zone" -> zone = ZoneId.of(scalar(source, value, "a time zone id"));
                    case "missed_fires" ->
                        missed = MissedFirePolicy.fromWireName(scalar(source, value, "skip or run_once"));
                    case "paused" -> {
                        String v = scalar(source, value, "true or false");
                        if (!v.equals("true") && !v.equals("false")) {
                            throw new IllegalArgumentException("paused must be true or false, not '" + v + "'");
                        }
                        paused = Boolean.parseBoolean(v);
                    }
                    case "context" -> {
                        if (!(value instanceof MappingNode)) {
                            throw new IllegalArgumentException("context must be a mapping (the task input)");
                        }
                        context = new Values().value(value);
                    }
                    case "task" -> {
                        if (!(value instanceof MappingNode task)) {
                            throw new IllegalArgumentException("task must be a mapping: {namespace, name, version}");
                        }
                        for (NodeTuple tt : task.getValue()) {
                            String tk = scalar(source, tt.getKeyNode(), "a key");
                            String tv = scalar(source, tt.getValueNode(), "task " + tk);
                            switch (tk) {
                                case "namespace" -> namespace = tv;
                                case "name" -> taskName = tv;
                                case "version" -> version = tv;
                                default ->
                                    throw problem(
                                            source,
                                            tt.getKeyNode(),
                                            "unknown key '" + tk + "' in task (known: " + TASK_KEYS + ")");
                            }
                        }
                    }
                    default ->
                        throw problem(
                                source,
                                t.getKeyNode(),
                                "unknown key '" + key + "' in a schedule (known: "
                                        + KEYS.stream().sorted().toList() + ")");
                }
            } catch (DateTimeException e) {
                throw problem(source, value, "schedule " + quoted(name) + ": bad zone: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(source + ":")) {
                    throw e;
                }
                throw problem(source, value, "schedule " + quoted(name) + ": " + e.getMessage());
            }
        }
        if (name == null || cron == null || namespace == null || taskName == null) {
            List<String> missing = new ArrayList<>();
            if (name == null) missing.add("name");
            if (cron == null) missing.add("cron");
            if (namespace == null) missing.add("task.namespace");
            if (taskName == null) missing.add("task.name");
            throw problem(source, item, "schedule " + quoted(name) + " lacks " + String.join(", ", missing));
        }
        dev.tasker.engine.internal.support.CronTimes.parse(
                where(source, item) + ": schedule '" + name + "'", cron, syntax, zone);
        TaskRequest request = TaskRequest.of(namespace, taskName, context == null ? Map.of() : context)
                .withVersion(version);
        Schedule s =
                Schedule.cron(name, cron, request).syntax(syntax).zone(zone).missedFires(missed);
        return paused ? s.paused() : s;
    }

    /** Turns a YAML node into maps, lists and scalars (safe types only). */
    private static final class Values extends SafeConstructor {
        Values() {
            super(new LoaderOptions());
        }

        Object value(Node node) {
            return constructDocument(node);
        }
    }

    private static String quoted(String name) {
        return name == null ? "(unnamed)" : "'" + name + "'";
    }

    private static String scalar(String source, Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw problem(source, node, "expected " + what + " (a single value)");
        }
        return s.getValue();
    }

    /** The source's place of a file in error messages: "file:line". */
    static String where(String source, Node node) {
        return source + ":" + (node.getStartMark().getLine() + 1);
    }

    private static IllegalArgumentException problem(String source, Node node, String message) {
        return new IllegalArgumentException(where(source, node) + ": " + message);
    }

    /** The place of a declared schedule in messages, for schedules read from a file. */
    static String describe(Schedule s) {
        return "schedule '" + s.name() + "'";
    }
}

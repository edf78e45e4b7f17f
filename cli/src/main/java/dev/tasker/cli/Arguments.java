package dev.tasker.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional arguments, {@code --option value} (or {@code --option=value}) for
 * the options a command declares, and boolean {@code --flags}. An option given more than once keeps
 * every value ({@link #options}); {@link #option} reads the last.
 */
final class Arguments {
    private final List<String> positional;
    private final Map<String, List<String>> options;
    private final Set<String> flags;

    private Arguments(List<String> positional, Map<String, List<String>> options, Set<String> flags) {
        this.positional = positional;
        this.options = options;
        this.flags = flags;
    }

    static Arguments parse(String[] args, Set<String> valued) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.equals("--")) {
                positional.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(2, eq) : a.substring(2);
            if (valued.contains(name)) {
                if (eq > 0) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(a.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else if (eq > 0) {
                throw new UsageException("--" + name + " takes no value");
            } else {
                flags.add(name);
            }
        }
        Map<String, List<String>> copied = new HashMap<>();
        options.forEach((k, v) -> copied.put(k, List.copyOf(v)));
        return new Arguments(List.copyOf(positional), Map.copyOf(copied), Set.copyOf(flags));
    }

    List<String> positional() {
        return positional;
    }

    String option(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.getLast();
    }

    /** Every value given for the option, in order; empty when it was not given. */
    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** The option's value; a usage error when it was not given. */
    String requiredOption(String name) {
        String value = option(name, null);
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    /** A whole-number option within {@code min..max}; a usage error otherwise. */
    int intOption(String name, int fallback, int min, int max) {
        String value = option(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max + ", not '"
                + value + "'");
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** Fails on flags the command does not know. */
    void allowFlags(String... known) {
        Set<String> unknown = new HashSet<>(flags);
        unknown.removeAll(Set.of(known));
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option(s) " + unknown.stream().map(f -> "--" + f).sorted().toList());
        }
    }
}

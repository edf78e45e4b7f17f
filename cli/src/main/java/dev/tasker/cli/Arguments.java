package dev.tasker.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional arguments, {@code --option value} (or {@code --option=value}) for
 * the options a command declares, and boolean {@code --flags}.
 */
final class Arguments {
    private final List<String> positional;
    private final Map<String, String> options;
    private final Set<String> flags;

    private Arguments(List<String> positional, Map<String, String> options, Set<String> flags) {
        this.positional = positional;
        this.options = options;
        this.flags = flags;
    }

    static Arguments parse(String[] args, Set<String> valued) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
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
                    options.put(name, a.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else if (eq > 0) {
                throw new UsageException("--" + name + " takes no value");
            } else {
                flags.add(name);
            }
        }
        return new Arguments(List.copyOf(positional), Map.copyOf(options), Set.copyOf(flags));
    }

    List<String> positional() {
        return positional;
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
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

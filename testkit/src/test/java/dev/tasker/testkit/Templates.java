package dev.tasker.testkit;

/** Small templates for the kit's tests. */
final class Templates {
    private Templates() {}

    /** {@code tests/one}: a single step {@code work} (callable {@code work}) with the given retry and timeout. */
    static String oneStep(String retry, int timeoutSeconds) {
        return """
                name: one
                namespace_name: tests
                version: 1.0.0
                steps:
                  - name: work
                    handler:
                      callable: work
                    retry: %s
                    timeout_seconds: %d
                """.formatted(retry, timeoutSeconds);
    }

    /** {@code tests/chain}: {@code a -> b -> c -> d}, callables named as the steps, two attempts each. */
    static String chain() {
        StringBuilder b = new StringBuilder("""
                name: chain
                namespace_name: tests
                version: 1.0.0
                steps:
                """);
        String previous = null;
        for (String step : new String[] {"a", "b", "c", "d"}) {
            b.append("  - name: ")
                    .append(step)
                    .append("\n    handler: {callable: ")
                    .append(step)
                    .append("}\n")
                    .append("    retry: {max_attempts: 2, backoff: none}\n");
            if (previous != null) {
                b.append("    dependencies: [").append(previous).append("]\n");
            }
            previous = step;
        }
        return b.toString();
    }
}

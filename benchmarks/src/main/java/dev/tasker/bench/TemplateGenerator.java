package dev.tasker.bench;

/**
 * A large valid template for the load benchmark: 100 root steps, then every step depends on the one
 * before it and on one 97 places back (long chains with fan-in), with retry blocks and config.
 */
final class TemplateGenerator {
    private TemplateGenerator() {}

    static String generate(int steps) {
        StringBuilder sb = new StringBuilder(steps * 160);
        sb.append("name: generated\nnamespace_name: bench\nversion: 1.0.0\ndescription: generated\nsteps:\n");
        for (int i = 0; i < steps; i++) {
            sb.append("  - name: step_").append(i).append('\n');
            sb.append("    handler:\n      callable: noop\n      initialization: {index: ")
                    .append(i)
                    .append("}\n");
            sb.append("    retry: {max_attempts: 3, backoff: exponential, backoff_base_ms: 100}\n");
            if (i >= 100) {
                sb.append("    dependencies: [step_").append(i - 1);
                if (i >= 197) {
                    sb.append(", step_").append(i - 97);
                }
                sb.append("]\n");
            }
        }
        return sb.toString();
    }
}

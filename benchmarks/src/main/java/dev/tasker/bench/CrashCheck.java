package dev.tasker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.cli.spi.JsonCodec;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Compares the crash matrix's side logs ({@link CrashChild}: what was acknowledged and what ran) with what
 * the store holds once the engines are stopped, and counts:
 * <ol>
 *   <li><b>acknowledged tasks lost</b>: a {@code SUBMIT} whose task is not stored;</li>
 *   <li><b>claims lost</b>: a handler run whose claim the store does not hold. A step is claimed (its attempt
 *       counted and committed) before its handler starts, so every run has an attempt number of its own:
 *       a {@code RUN task step attempt} logged twice means the attempt was reused; a run of an attempt
 *       above the step's stored attempt count, or of a step or task the store does not know, means the
 *       committed claim was lost;</li>
 *   <li><b>completed steps rerun</b>: a step whose completion was committed ran again. The store's audit
 *       says which completion was committed: a step with more than one transition to {@code complete}, or a
 *       run of an attempt above the one whose completion was committed, is a rerun. (A handler that returned,
 *       {@code DONE} in the log, before a kill whose completion never committed may run again, under a new
 *       attempt number; that is the at-least-once guarantee, not a rerun of a completed step.)</li>
 *   <li><b>tasks never finished</b>: a stored task that is not {@code complete} after the settle run (no step
 *       of the mix fails permanently, and each has {@value CrashWorkflows#MAX_ATTEMPTS} attempts);</li>
 * </ol>
 * and, beside them, <b>wrong results</b>: a complete task whose last step's result is not what its input
 * gives (a dependency result lost or stale).
 */
final class CrashCheck {
    private static final ObjectMapper JSON = JsonCodec.mapper();

    /** The figures of one check; {@link #examples} holds a few of each kind of violation, for the report. */
    record Result(
            int acknowledged,
            int stored,
            int steps,
            int runs,
            int runsAfterKill,
            int lostTasks,
            int lostClaims,
            int completedRerun,
            int unfinished,
            int wrongResults,
            Map<String, Integer> unfinishedByState,
            List<String> examples) {
        boolean clean() {
            return lostTasks == 0 && lostClaims == 0 && completedRerun == 0 && unfinished == 0 && wrongResults == 0;
        }
    }

    private record Run(UUID task, String step, int attempt) {}

    private CrashCheck() {}

    /** Reads every {@code side-*.log} in {@code dir} and the whole store. */
    static Result check(Path dir, WorkflowStore store) {
        Set<UUID> submitted = new LinkedHashSet<>();
        Map<Run, Integer> runs = new HashMap<>();
        Map<Run, List<String>> where = new HashMap<>();
        readLogs(dir, submitted, runs, where);
        List<String> examples = new ArrayList<>();

        List<TaskRow> rows = new ArrayList<>();
        for (int offset = 0; ; offset += 10_000) {
            List<TaskRow> page = store.listTasks(new TaskQuery(null, null, null, 10_000, offset));
            rows.addAll(page);
            if (page.size() < 10_000) {
                break;
            }
        }
        Map<UUID, StoredTask> tasks = new HashMap<>();
        List<UUID> ids = rows.stream().map(TaskRow::taskId).toList();
        for (int i = 0; i < ids.size(); i += 500) {
            for (StoredTask t : store.loadTasks(ids.subList(i, Math.min(ids.size(), i + 500)))) {
                tasks.put(t.task().taskId(), t);
            }
        }

        int lostTasks = 0;
        for (UUID id : submitted) {
            if (!tasks.containsKey(id)) {
                lostTasks++;
                example(examples, "acknowledged task lost: " + id);
            }
        }

        int lostClaims = 0;
        for (Map.Entry<Run, Integer> e : runs.entrySet()) {
            if (e.getValue() > 1) {
                lostClaims++;
                Run r = e.getKey();
                example(
                        examples,
                        "claim lost: " + r + " ran " + e.getValue() + " times with one attempt number ("
                                + String.join(", ", where.get(r)) + "); audit: " + audit(store, r));
            }
        }
        Map<UUID, Map<String, List<Run>>> runsByStep = new HashMap<>();
        for (Run r : runs.keySet()) {
            runsByStep
                    .computeIfAbsent(r.task(), k -> new HashMap<>())
                    .computeIfAbsent(r.step(), k -> new ArrayList<>())
                    .add(r);
        }
        int completedRerun = 0;
        int steps = 0;
        int runsAfterKill = 0;
        for (Map.Entry<UUID, Map<String, List<Run>>> perTask : runsByStep.entrySet()) {
            StoredTask t = tasks.get(perTask.getKey());
            if (t == null) {
                lostClaims += perTask.getValue().size();
                example(examples, "claim lost: steps of task " + perTask.getKey() + " ran, the task is not stored");
                continue;
            }
            Map<String, StepRow> byName = new HashMap<>();
            t.steps().forEach(s -> byName.put(s.name(), s));
            Map<UUID, List<StepTransitionRow>> audit = new HashMap<>();
            for (StepTransitionRow r : store.stepTransitions(t.task().taskId())) {
                audit.computeIfAbsent(r.stepId(), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<String, List<Run>> perStep : perTask.getValue().entrySet()) {
                StepRow step = byName.get(perStep.getKey());
                if (step == null) {
                    lostClaims += perStep.getValue().size();
                    example(
                            examples,
                            "claim lost: step " + perStep.getKey() + " of task "
                                    + t.task().taskId() + " ran, the step is not stored");
                    continue;
                }
                int maxRun =
                        perStep.getValue().stream().mapToInt(Run::attempt).max().orElse(0);
                if (maxRun > step.attempts()) {
                    lostClaims++;
                    example(
                            examples,
                            "claim lost: " + step.name() + " of " + t.task().taskId() + " ran attempt " + maxRun
                                    + ", the store counts " + step.attempts());
                }
                List<StepTransitionRow> completions = audit.getOrDefault(step.stepId(), List.of()).stream()
                        .filter(r -> r.toState() == StepState.COMPLETE)
                        .toList();
                if (completions.size() > 1) {
                    completedRerun++;
                    example(
                            examples,
                            "completed step rerun: " + step.name() + " of "
                                    + t.task().taskId() + " completed " + completions.size() + " times");
                } else if (completions.size() == 1
                        && maxRun > completions.get(0).attempt()) {
                    completedRerun++;
                    example(
                            examples,
                            "completed step rerun: " + step.name() + " of "
                                    + t.task().taskId() + " completed on attempt "
                                    + completions.get(0).attempt() + ", ran attempt " + maxRun);
                }
                runsAfterKill += Math.max(0, perStep.getValue().size() - expectedRuns(step));
            }
        }

        int unfinished = 0;
        int wrongResults = 0;
        Map<String, Integer> byState = new TreeMap<>();
        for (StoredTask t : tasks.values()) {
            steps += t.steps().size();
            TaskState state = t.task().state();
            if (state != TaskState.COMPLETE) {
                unfinished++;
                byState.merge(state.wireName(), 1, Integer::sum);
                example(
                        examples,
                        "task never finished: " + t.task().name() + " "
                                + t.task().taskId() + " is " + state.wireName() + unfinishedSteps(t));
                continue;
            }
            if (!t.task().namespace().equals(CrashWorkflows.NAMESPACE)) {
                continue;
            }
            if (!resultMatches(t)) {
                wrongResults++;
                example(
                        examples,
                        "wrong result: " + t.task().name() + " " + t.task().taskId() + " with input "
                                + t.task().contextJson());
            }
        }
        int totalRuns = runs.values().stream().mapToInt(Integer::intValue).sum();
        return new Result(
                submitted.size(),
                tasks.size(),
                steps,
                totalRuns,
                runsAfterKill,
                lostTasks,
                lostClaims,
                completedRerun,
                unfinished,
                wrongResults,
                byState,
                examples);
    }

    /** Runs a step has without any kill: the flaky one fails its first attempts on purpose. */
    private static int expectedRuns(StepRow step) {
        return step.name().equals("flaky") ? CrashWorkflows.FLAKY_FAILURES + 1 : 1;
    }

    private static String unfinishedSteps(StoredTask t) {
        StringBuilder b = new StringBuilder();
        for (StepRow s : t.steps()) {
            if (s.state() != StepState.COMPLETE) {
                b.append(b.isEmpty() ? "; steps " : ", ")
                        .append(s.name())
                        .append(' ')
                        .append(s.state())
                        .append(" attempts ")
                        .append(s.attempts());
                if (s.nextAttemptAt() != null) {
                    b.append(" next at ").append(s.nextAttemptAt());
                }
            }
        }
        return b.toString();
    }

    private static boolean resultMatches(StoredTask t) {
        String last = CrashWorkflows.lastStep(t.task().name());
        UUID stepId = t.steps().stream()
                .filter(s -> s.name().equals(last))
                .map(StepRow::stepId)
                .findFirst()
                .orElse(null);
        try {
            long n = JSON.readTree(t.task().contextJson()).get("n").asLong();
            for (StepResultRow r : t.results()) {
                if (r.stepId().equals(stepId)) {
                    JsonNode result = r.resultJson() == null ? null : JSON.readTree(r.resultJson());
                    return CrashWorkflows.matches(t.task().name(), n, result);
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The step's transitions, for a report. */
    private static String audit(WorkflowStore store, Run r) {
        StringBuilder b = new StringBuilder();
        for (StepTransitionRow t : store.stepTransitions(r.task())) {
            if (t.stepName().equals(r.step())) {
                b.append(b.isEmpty() ? "" : ", ")
                        .append(t.fromState())
                        .append("->")
                        .append(t.toState())
                        .append(" #")
                        .append(t.attempt())
                        .append(" at ")
                        .append(t.at())
                        .append(" by ")
                        .append(t.nodeId());
            }
        }
        return b.toString();
    }

    private static void readLogs(Path dir, Set<UUID> submitted, Map<Run, Integer> runs, Map<Run, List<String>> where) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("side-"))
                    .sorted()
                    .toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    continue;
                }
                // A line without its newline was cut by the kill: never complete, never relied upon.
                String[] lines = text.substring(0, end).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i];
                    String[] p = line.split(" ");
                    switch (p[0]) {
                        case "SUBMIT" -> submitted.add(UUID.fromString(p[1]));
                        case "RUN" -> {
                            Run r = new Run(UUID.fromString(p[1]), p[2], Integer.parseInt(p[3]));
                            runs.merge(r, 1, Integer::sum);
                            where.computeIfAbsent(r, k -> new ArrayList<>()).add(f.getFileName() + ":" + (i + 1));
                        }
                        case "DONE", "READY" -> {
                            // for reading by hand: the outcome may or may not have been committed
                        }
                        default -> throw new IllegalStateException("unexpected side log line in " + f + ": " + line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the side logs in " + dir, e);
        }
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 20) {
            examples.add(text);
        }
    }
}

package dev.tasker.bench;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One engine of the crash matrix, in its own JVM, which {@link CrashMatrix} kills with SIGKILL. It builds
 * an engine on the given database with the {@link CrashWorkflows} mix and records in its {@link SideLog}
 * (each line on disk before it goes on):
 * <ul>
 *   <li>{@code READY <node id>} once the engine is built (it has recovered);</li>
 *   <li>{@code SUBMIT <task>} after {@code submit} returned (the task is acknowledged);</li>
 *   <li>{@code RUN <task> <step> <attempt>} when a handler starts, before it works;</li>
 *   <li>{@code DONE <task> <step> <attempt> ok|fail} when it returns.</li>
 * </ul>
 * On stdout, for the parent's timing: {@code STARTING} before the engine is built (it then opens the
 * store and recovers), {@code READY} after, {@code BURST} when a burst of submissions begins, {@code DONE}
 * when a handler returns (its outcome is being committed). In {@code submit} mode four threads submit
 * bursts of 1–8 tasks with pauses of up to 200 ms while the engine holds fewer than 200 tasks; in
 * {@code settle} mode nothing is submitted and {@code SETTLED} is printed once no stored task of the mix is
 * unfinished. Closing its stdin closes the engine and ends the JVM.
 *
 * <p>Args: {@code JDBC_URL LOG_FILE NODE_ID|- submit|settle}.
 */
public final class CrashChild {
    private static final int MAX_LIVE = 200;
    private static final int SUBMITTERS = 4;
    private static final int PAGE = 1_000;

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: CrashChild JDBC_URL LOG_FILE NODE_ID|- submit|settle");
            System.exit(2);
        }
        String url = args[0];
        SideLog log = new SideLog(Path.of(args[1]));
        String node = args[2];
        boolean submit = args[3].equals("submit");
        say("STARTING");
        TaskerBuilder b = Tasker.builder().jdbcUrl(url).poolSize(4);
        if (!node.equals("-")) {
            b.nodeId(node).leaseDuration(Duration.ofSeconds(5)).queuePollInterval(Duration.ofMillis(500));
        }
        CrashWorkflows.register(b, inner -> logged(inner, log), 20);
        Tasker tasker = b.build();
        log.append("READY " + tasker.nodeId()); // the node id the audit names, for reading a finding
        say("READY");
        if (submit) {
            for (int i = 0; i < SUBMITTERS; i++) {
                Thread.ofVirtual().start(() -> submitLoop(tasker, log));
            }
        } else {
            Thread.ofVirtual().start(() -> awaitSettled(tasker));
        }
        while (System.in.read() >= 0) {
            // the parent holds stdin open; it kills this JVM, or closes stdin to end it cleanly
        }
        tasker.close();
        log.close();
        System.exit(0);
    }

    /** Wraps a handler so that it logs {@code RUN} before it works and {@code DONE} when it returns. */
    static StepHandler logged(StepHandler inner, SideLog log) {
        return ctx -> {
            String run = ctx.taskId() + " " + ctx.stepName() + " " + ctx.attempt();
            log.append("RUN " + run);
            StepHandlerResult r = inner.call(ctx);
            log.append("DONE " + run + (r instanceof StepHandlerResult.Failure ? " fail" : " ok"));
            say("DONE");
            return r;
        };
    }

    private static void submitLoop(Tasker tasker, SideLog log) {
        Random random = ThreadLocalRandom.current();
        try {
            while (true) {
                if (tasker.liveTaskCount() < MAX_LIVE) {
                    say("BURST");
                    int burst = 1 + random.nextInt(8);
                    for (int i = 0; i < burst; i++) {
                        String workflow = CrashWorkflows.pick(random);
                        long n = 1 + random.nextInt(1000);
                        TaskHandle h = tasker.submit(TaskRequest.of(
                                CrashWorkflows.NAMESPACE,
                                workflow,
                                Map.of("n", n, "nonce", UUID.randomUUID().toString())));
                        log.append("SUBMIT " + h.taskId());
                    }
                }
                Thread.sleep(random.nextInt(201));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The engine closing under a submitter ends it; anything else is worth seeing in the child's log.
            System.err.println("submitter stopped: " + e);
        }
    }

    private static void awaitSettled(Tasker tasker) {
        try {
            while (true) {
                // One scan of every task, not one query per unfinished state: a retrying task moves
                // waiting_for_retry -> steps_in_process -> waiting_for_retry between per-state queries and
                // could be missed by all of them (seen once in CI). Settle mode submits nothing, so
                // paging by offset over the namespace sees every task.
                boolean settled = true;
                for (int offset = 0; settled; offset += PAGE) {
                    List<TaskSnapshot> page =
                            tasker.tasks(new TaskQuery(null, CrashWorkflows.NAMESPACE, null, PAGE, offset));
                    settled = page.stream().allMatch(t -> t.state().isTerminal());
                    if (page.size() < PAGE) {
                        break;
                    }
                }
                if (settled) {
                    say("SETTLED");
                    return;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("settle watch stopped: " + e);
        }
    }

    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}

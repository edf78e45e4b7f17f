package dev.tasker.engine.internal.run;

import dev.tasker.engine.observe.AttemptEnd;
import dev.tasker.engine.observe.AttemptObserver;
import dev.tasker.engine.observe.EngineGauges;
import dev.tasker.engine.observe.HandlerScope;
import dev.tasker.engine.observe.Instrumentation;
import dev.tasker.engine.observe.StepAttempt;
import dev.tasker.engine.observe.TaskEnd;
import dev.tasker.engine.observe.TemplateRef;
import dev.tasker.engine.template.TaskTemplate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link Instrumentation}s, called in order, each call guarded: what one throws is counted,
 * logged once per instrumentation (at WARN, with the exception) and otherwise ignored, so an
 * instrumentation cannot break the engine. {@link #NONE} when none is registered: the engine skips the
 * bookkeeping ({@link #active()} is false). Caught: {@link RuntimeException} and {@link LinkageError} (an
 * instrumentation whose library is missing from the class path); other errors are the JVM's.
 */
public final class Observers {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    /** No instrumentation. */
    public static final Observers NONE = new Observers(List.of());

    private final Instrumentation[] all;
    private final AtomicBoolean[] logged;
    private final AtomicLong errors = new AtomicLong();

    public Observers(List<Instrumentation> instrumentations) {
        this.all = instrumentations.toArray(Instrumentation[]::new);
        this.logged = new AtomicBoolean[all.length];
        for (int i = 0; i < all.length; i++) {
            logged[i] = new AtomicBoolean();
        }
    }

    /** Templates and their {@link TemplateRef}, by identity; copied on write (templates are few). */
    private volatile Object[] refs = new Object[0];

    /**
     * The template's {@link TemplateRef}, the same instance for every task of the template, so that an
     * instrumentation keying its meters by it finds them by identity, and no task allocates its own.
     */
    TemplateRef ref(TaskTemplate template) {
        Object[] known = refs;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == template) {
                return (TemplateRef) known[i + 1];
            }
        }
        return remember(template);
    }

    private synchronized TemplateRef remember(TaskTemplate template) {
        Object[] known = refs;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == template) {
                return (TemplateRef) known[i + 1];
            }
        }
        TemplateRef ref = new TemplateRef(template.namespace(), template.name(), template.version());
        if (known.length < 2 * MAX_CACHED_TEMPLATES) { // templates reloaded without end: stop caching
            Object[] grown = Arrays.copyOf(known, known.length + 2);
            grown[known.length] = template;
            grown[known.length + 1] = ref;
            refs = grown;
        }
        return ref;
    }

    private static final int MAX_CACHED_TEMPLATES = 256;

    /** True when at least one instrumentation is registered. */
    public boolean active() {
        return all.length > 0;
    }

    /** Calls into instrumentations that threw. */
    long errors() {
        return errors.get();
    }

    public void bind(EngineGauges gauges) {
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].bind(gauges);
            } catch (RuntimeException | LinkageError e) {
                failed(i, "bind", e);
            }
        }
    }

    /** The first propagation context an instrumentation returns, or null; on the submitter's thread. */
    String taskSubmitting(TemplateRef template) {
        String stored = null;
        for (int i = 0; i < all.length; i++) {
            try {
                String p = all[i].taskSubmitting(template);
                if (stored == null) {
                    stored = p;
                }
            } catch (RuntimeException | LinkageError e) {
                failed(i, "taskSubmitting", e);
            }
        }
        return stored;
    }

    void taskSubmitted(TemplateRef template, String propagation, UUID taskId, boolean created) {
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].taskSubmitted(template, propagation, taskId, created);
            } catch (RuntimeException | LinkageError e) {
                failed(i, "taskSubmitted", e);
            }
        }
    }

    /** The attempt's observers, one per instrumentation (an empty one when none watches it). */
    Attempt attemptStarted(StepAttempt attempt) {
        AttemptObserver[] observers = new AttemptObserver[all.length];
        for (int i = 0; i < all.length; i++) {
            try {
                AttemptObserver o = all[i].attemptStarted(attempt);
                observers[i] = o == null ? AttemptObserver.NONE : o;
            } catch (RuntimeException | LinkageError e) {
                observers[i] = AttemptObserver.NONE;
                failed(i, "attemptStarted", e);
            }
        }
        return new Attempt(attempt, observers);
    }

    void taskFinished(TaskEnd end) {
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].taskFinished(end);
            } catch (RuntimeException | LinkageError e) {
                failed(i, "taskFinished", e);
            }
        }
    }

    void committed(Duration latency, int rows) {
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].committed(latency, rows);
            } catch (RuntimeException | LinkageError e) {
                failed(i, "committed", e);
            }
        }
    }

    /** The engine stopped, on the closing thread (after its loop ended). */
    public void engineStopped() {
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].engineStopped();
            } catch (RuntimeException | LinkageError e) {
                failed(i, "engineStopped", e);
            }
        }
    }

    private void failed(int index, String call, Throwable e) {
        errors.incrementAndGet();
        if (logged[index].compareAndSet(false, true)) {
            LOG.warn(
                    "instrumentation {} threw from {}; the engine ignores it and carries on (further failures of"
                            + " this instrumentation are counted, not logged)",
                    all[index].getClass().getName(),
                    call,
                    e);
        }
    }

    /** One attempt as every instrumentation watches it; held by its {@link StepRun} until it ends. */
    final class Attempt {
        final StepAttempt attempt;
        private final AttemptObserver[] observers;

        private Attempt(StepAttempt attempt, AttemptObserver[] observers) {
            this.attempt = attempt;
            this.observers = observers;
        }

        /**
         * Enters every observer's handler scope, on the handler's thread; the result closes them in reverse
         * ({@link HandlerScope#NONE} when no observer made anything current: nothing is allocated).
         */
        HandlerScope enterHandler() {
            HandlerScope[] scopes = null;
            for (int i = 0; i < observers.length; i++) {
                try {
                    HandlerScope scope = observers[i].enterHandler();
                    if (scope != null && scope != HandlerScope.NONE) {
                        if (scopes == null) {
                            scopes = new HandlerScope[observers.length];
                        }
                        scopes[i] = scope;
                    }
                } catch (RuntimeException | LinkageError e) {
                    failed(i, "enterHandler", e);
                }
            }
            return scopes == null ? HandlerScope.NONE : new Scopes(scopes);
        }

        /** The scopes an attempt's observers entered, closed in reverse, each guarded. */
        private final class Scopes implements HandlerScope {
            private final HandlerScope[] scopes;

            Scopes(HandlerScope[] scopes) {
                this.scopes = scopes;
            }

            @Override
            public void close() {
                for (int i = scopes.length - 1; i >= 0; i--) {
                    if (scopes[i] != null) {
                        try {
                            scopes[i].close();
                        } catch (RuntimeException | LinkageError e) {
                            failed(i, "HandlerScope.close", e);
                        }
                    }
                }
            }
        }

        void finished(AttemptEnd end) {
            for (int i = 0; i < observers.length; i++) {
                try {
                    observers[i].finished(end);
                } catch (RuntimeException | LinkageError e) {
                    failed(i, "finished", e);
                }
            }
        }
    }
}

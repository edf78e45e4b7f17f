package dev.tasker.bench.peers;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DBOS Transact: each unit of work is a workflow and each step a {@code runStep} inside it; DBOS records the
 * workflow and every step's outcome in its system tables. Steps of one workflow run one after another on
 * the workflow's thread (running B and C at once would take child workflows, i.e. more workflows), so the
 * diamond's B and C run in sequence. Finished means {@code WorkflowHandle.getResult()} returned.
 */
final class DbosSystem implements PeerSystem {
    static final String VERSION = "1.1.0-m6";

    private final Store store;
    private final DBOS dbos;
    private final Flows flows;
    private final AtomicLong ids = new AtomicLong();

    DbosSystem(String baseUrl, String schema, String label) {
        this.store = new Store(Store.Kind.POSTGRES, baseUrl, label);
        Map<String, String> params = queryParameters(baseUrl);
        DBOSConfig config = DBOSConfig.defaults("tasker-peers")
                .withDatabaseUrl(baseUrl)
                .withDbUser(params.get("user"))
                .withDbPassword(params.getOrDefault("password", ""))
                .withDatabaseSchema(schema)
                .disableAdminServer();
        this.dbos = new DBOS(config);
        this.flows = dbos.registerProxy(Flows.class, new FlowsImpl(dbos));
        dbos.launch();
    }

    private static Map<String, String> queryParameters(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    @Override
    public String name() {
        return "DBOS Transact " + VERSION;
    }

    @Override
    public String store() {
        return store.label();
    }

    @Override
    public String notes() {
        return "a workflow per unit, runStep per step; B and C in sequence (steps of a workflow run on its thread)";
    }

    @Override
    public Completion linear() {
        String id = "L" + ids.incrementAndGet();
        return completion(dbos.startWorkflow(() -> flows.linear(id)));
    }

    @Override
    public Completion diamond() {
        String id = "D" + ids.incrementAndGet();
        return completion(dbos.startWorkflow(() -> flows.diamond(id)));
    }

    private static Completion completion(WorkflowHandle<String, RuntimeException> handle) {
        return timeout -> handle.getResult();
    }

    @Override
    public void close() {
        dbos.close();
    }

    /** The two workflows, called through DBOS's proxy. */
    public interface Flows {
        String linear(String id);

        String diamond(String id);
    }

    /** The workflows' bodies: no-op steps, as the other systems run. */
    public static final class FlowsImpl implements Flows {
        private final DBOS dbos;

        FlowsImpl(DBOS dbos) {
            this.dbos = dbos;
        }

        @Override
        @Workflow(name = "linear")
        public String linear(String id) {
            for (String step : new String[] {"a", "b", "c", "d"}) {
                dbos.runStep(() -> {}, step);
            }
            return id;
        }

        @Override
        @Workflow(name = "diamond")
        public String diamond(String id) {
            dbos.runStep(() -> {}, "a");
            dbos.runStep(() -> {}, "b");
            dbos.runStep(() -> {}, "c");
            dbos.runStep(() -> {}, "d");
            return id;
        }
    }
}

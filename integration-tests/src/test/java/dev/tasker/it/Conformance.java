package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the shared conformance templates are (../shared/conformance beside the clone). */
final class Conformance {
    private Conformance() {}

    static Path dir() {
        String prop = System.getProperty("tasker.conformance.dir");
        Path dir = Path.of(prop == null ? "../../shared/conformance" : prop)
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance templates not found at " + dir
                    + " (CI lays shared/ beside the clone; set -Dtasker.conformance.dir)");
        }
        return dir;
    }

    static Path python(String file) {
        return dir().resolve("tasker-fixtures/python").resolve(file);
    }

    /** Runs the linear fixture with even_number 6 and checks each step's result against the reference. */
    static TaskSnapshot linearOfSixEndsAt69(Tasker tasker) {
        TaskSnapshot s = tasker.submit(
                        TaskRequest.of("linear_workflow_py", "mathematical_sequence_py", Map.of("even_number", 6)))
                .await(TestEngines.AWAIT);
        assertEquals(TaskState.COMPLETE, s.state());
        assertEquals(36, s.step("linear_step_1_py").result().get("result").asInt());
        assertEquals(46, s.step("linear_step_2_py").result().get("result").asInt());
        assertEquals(138, s.step("linear_step_3_py").result().get("result").asInt());
        assertEquals(69.0, s.step("linear_step_4_py").result().get("result").asDouble());
        return s;
    }

    /** Runs the diamond fixture with even_number 6 and checks the branches and the end against the reference. */
    static TaskSnapshot diamondOfSixEndsAt66_5(Tasker tasker) {
        TaskSnapshot s = tasker.submit(
                        TaskRequest.of("diamond_workflow_py", "parallel_computation_py", Map.of("even_number", 6)))
                .await(TestEngines.AWAIT);
        assertEquals(TaskState.COMPLETE, s.state());
        assertEquals(61, s.step("diamond_branch_b_py").result().get("result").asInt());
        assertEquals(72, s.step("diamond_branch_c_py").result().get("result").asInt());
        assertEquals(66.5, s.step("diamond_end_py").result().get("result").asDouble());
        return s;
    }
}

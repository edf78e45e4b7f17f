package dev.tasker.store.h2;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.store.StoreOwnedException;
import java.util.Map;

/**
 * Another application in its own JVM: builds an engine on the JDBC URL given (H2 {@code AUTO_SERVER}) with
 * the template of {@link StoreOwnershipTest}, and prints one line: {@code built}, or {@code refused: } and
 * the refusal's message. Its handler prints {@code ran STEP} should it ever run a step.
 */
final class SecondEngineProcess {
    private SecondEngineProcess() {}

    public static void main(String[] args) {
        try (Tasker tasker = Tasker.builder()
                .jdbcUrl(args[0])
                .nodeId("second-jvm")
                .templateYaml(StoreOwnershipTest.TEMPLATE, "hold.yaml")
                .handler("hold.step", ctx -> {
                    System.out.println("ran " + ctx.stepName());
                    System.out.flush();
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            System.out.println("built");
        } catch (StoreOwnedException e) {
            System.out.println("refused: " + e.getMessage());
        }
        System.out.flush();
    }
}

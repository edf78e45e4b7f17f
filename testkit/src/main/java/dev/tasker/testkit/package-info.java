/**
 * The Tasker test kit: whole workflows tested in JUnit 5, in simulated time, with no external service.
 *
 * <p>Each test gets a {@link dev.tasker.testkit.TaskerTestEnvironment}: an engine on a fresh in-memory H2
 * database with a manual clock and no backoff jitter, closed after the test. It runs a task to completion
 * by jumping the clock to each retry and timeout, injects failures into named steps, and can kill the engine
 * while a chosen step runs and restart it on the same database, as a crash would.
 *
 * <pre>{@code
 * @TaskerTest
 * class PaymentTest {
 *     static final String TEMPLATE = """
 *             name: pay
 *             namespace_name: shop
 *             version: 1.0.0
 *             steps:
 *               - name: reserve
 *                 handler: {callable: reserve}
 *               - name: charge
 *                 handler: {callable: charge}
 *                 dependencies: [reserve]
 *                 retry: {max_attempts: 4, backoff: exponential, backoff_base_ms: 1000}
 *             """;
 *
 *     @Test
 *     void a_flaky_charge_is_retried_with_backoff(TaskerTestEnvironment env) {
 *         env.templateYaml(TEMPLATE).handlers(new PaymentHandlers());
 *         env.inject("charge").failTimes(3);
 *
 *         TaskSnapshot done = env.assertComplete(env.run("shop", "pay", Map.of("amount", 10)));
 *
 *         assertEquals(4, done.step("charge").attempts());
 *         assertEquals(Duration.ofSeconds(1 + 2 + 4), env.elapsed());   // simulated, not waited
 *         assertEquals(new Receipt("ok"), env.result(done, "charge", Receipt.class));
 *     }
 *
 *     @Test
 *     void a_crash_while_charging_does_not_reserve_twice(TaskerTestEnvironment env) {
 *         env.templateYaml(TEMPLATE).handlers(new PaymentHandlers());
 *         env.crashAt("charge");
 *
 *         TaskSnapshot done = env.assertComplete(env.run("shop", "pay", Map.of("amount", 10)));
 *
 *         assertEquals(1, env.invocations("reserve").size());
 *         assertEquals(2, done.step("charge").attempts());   // the crashed attempt counts
 *     }
 * }
 * }</pre>
 *
 * <p>Injected faults ({@link dev.tasker.testkit.StepFaults}) wrap every step's handler through
 * {@code TaskerBuilder.decorateHandlers}; the engine itself runs unchanged.
 */
package dev.tasker.testkit;

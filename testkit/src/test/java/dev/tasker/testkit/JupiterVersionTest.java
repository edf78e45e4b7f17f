package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * These tests run twice, on JUnit 6 (this module) and on JUnit 5 (testkit-junit5-check): each build says which
 * major version it expects, and this test fails if the tests ran on another one, so the JUnit 5 run cannot
 * silently become a second JUnit 6 run.
 */
class JupiterVersionTest {
    @Test
    void the_tests_run_on_the_jupiter_the_build_asked_for() {
        String expected = System.getProperty("tasker.expectedJupiterMajor");
        assertNotNull(expected, "the build sets tasker.expectedJupiterMajor for the test kit's tests");
        String version = Test.class.getPackage().getImplementationVersion();
        assertNotNull(version, "junit-jupiter-api's manifest has an Implementation-Version");

        assertEquals(expected, version.substring(0, version.indexOf('.')), "Jupiter " + version);
        // The method whose use broke the kit on JUnit 5 exists exactly on 6.
        assertEquals(expected.equals("6"), hasJUnit6OnlyComputeIfAbsent(), "Store.computeIfAbsent(K, Function, Class)");
    }

    private static boolean hasJUnit6OnlyComputeIfAbsent() {
        try {
            ExtensionContext.Store.class.getMethod("computeIfAbsent", Object.class, Function.class, Class.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}

package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

    @Test
    void versions_sort_the_semantic_versioning_way() {
        List<String> versions = new ArrayList<>(List.of(
                "1.10.0",
                "1.0.0",
                "1.0.0-alpha.beta",
                "1.0.0-beta.11",
                "1.0.0-alpha",
                "1.0.0-rc.1",
                "1.9.0",
                "1.0.0-alpha.1",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "01.2.0+build.5"));

        versions.sort(VersionOrder.INSTANCE);

        assertEquals(
                List.of(
                        "1.0.0-alpha",
                        "1.0.0-alpha.1",
                        "1.0.0-alpha.beta",
                        "1.0.0-beta",
                        "1.0.0-beta.2",
                        "1.0.0-beta.11",
                        "1.0.0-rc.1",
                        "1.0.0",
                        "01.2.0+build.5",
                        "1.9.0",
                        "1.10.0"),
                versions);
    }

    @Test
    void versions_that_are_not_semantic_still_order_totally() {
        List<String> versions = new ArrayList<>(List.of("v2", "2", "1.0", "1", "10", "latest"));

        versions.sort(VersionOrder.INSTANCE);

        assertEquals(List.of("1", "1.0", "2", "10", "latest", "v2"), versions);
    }
}

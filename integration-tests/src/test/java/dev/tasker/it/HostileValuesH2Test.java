package dev.tasker.it;

/** {@link HostileValuesContract} on an in-memory H2 database that outlives each engine of the test. */
class HostileValuesH2Test extends HostileValuesContract {
    private final String url = TestEngines.memoryUrl();

    @Override
    String url() {
        return url;
    }
}

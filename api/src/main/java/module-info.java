/** The handler API: what a step handler implements and receives. */
module dev.tasker.api {
    requires transitive com.fasterxml.jackson.databind;
    requires static org.jspecify;

    exports dev.tasker.api;
}

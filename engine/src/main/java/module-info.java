/**
 * The engine: {@code Tasker} and its builder, handles, snapshots, the template model, the store exceptions users
 * catch and the instrumentation SPI. Everything under {@code dev.tasker.engine.internal} stays inside; the store
 * SPI is open to the store modules only.
 *
 * <p>On the module path, an application's typed handlers and the types its results and contexts map to are read
 * by reflection: open their packages to {@code dev.tasker.engine} and {@code com.fasterxml.jackson.databind}.
 */
module dev.tasker.engine {
    requires transitive dev.tasker.api;
    requires transitive com.fasterxml.jackson.databind;
    requires transitive java.sql;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.cronutils;
    requires com.networknt.schema;
    requires org.jgrapht.core;
    requires org.slf4j;
    requires org.yaml.snakeyaml;
    requires static org.jspecify;

    exports dev.tasker.engine;
    exports dev.tasker.engine.observe;
    exports dev.tasker.engine.store;
    exports dev.tasker.engine.template;
    exports dev.tasker.engine.store.spi to
            dev.tasker.store.jdbc,
            dev.tasker.store.h2,
            dev.tasker.store.postgres;

    uses dev.tasker.engine.store.spi.WorkflowStoreProvider;
}

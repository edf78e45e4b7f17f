package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as one runnable jar, copied out of the checkout: {@code java -jar tasker-cli.jar} shows its
 * help, validates a template, and looks for the default database where the engine keeps it (not in the working
 * directory), creating nothing when it is not there.
 */
class CliJarTest {
    @TempDir
    Path dir;

    private Path jar;

    @BeforeEach
    void copy_the_jar_out_of_the_checkout() throws IOException {
        Path built = Path.of(System.getProperty("tasker.cli.jar", "../cli/target/tasker-cli.jar"));
        assertTrue(Files.isRegularFile(built), "no " + built + ": the cli module packages it (mvn verify)");
        jar = Files.copy(built, dir.resolve("tasker-cli.jar"));
    }

    @Test
    void help_lists_the_commands() throws Exception {
        Result r = java("--help");

        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("validate") && r.out.contains("run") && r.out.contains("tasks"), r::toString);
    }

    @Test
    void validate_checks_a_copied_template() throws Exception {
        Files.writeString(dir.resolve("ok.yaml"), """
                name: ok
                namespace_name: jar
                version: 1.0.0
                steps:
                  - name: one
                    handler: {callable: one}
                """);
        Files.writeString(dir.resolve("typo.yaml"), """
                name: typo
                namespace_name: jar
                version: 1.0.0
                steps:
                  - name: one
                    handler: {callable: one}
                    retry: {max_atempts: 7}
                """);

        Result ok = java("validate", "ok.yaml");
        Result typo = java("validate", "--strict", "typo.yaml");

        assertEquals(0, ok.exit, ok::toString);
        assertTrue(typo.exit != 0, typo::toString);
        assertTrue((typo.out + typo.err).contains("max_atempts"), typo::toString);
    }

    @Test
    void the_default_database_is_the_engines_and_a_read_creates_nothing() throws Exception {
        Result r = java("tasks");

        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("no Tasker schema at " + dir.resolve("home/.tasker/db/tasker")), r::toString);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("home", "tasker-cli.jar"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> files = Files.walk(dir.resolve("home"))) {
            assertEquals(1, files.count(), "nothing in the home folder either");
        }
    }

    private record Result(int exit, String out, String err) {}

    private Result java(String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir.resolve("home"),
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir.getParent(), "cli", ".out");
        Path err = Files.createTempFile(dir.getParent(), "cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("TASKER_DB_PATH");
        builder.environment().remove("TASKER_JDBC_URL");
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar tasker-cli.jar did not end: " + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}

package dev.tasker.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What the migration index files list, so that tests follow the schema's versions instead of a literal. */
final class MigrationFiles {
    private MigrationFiles() {
    }

    /** The number of migrations for a dialect folder ({@code h2}, {@code postgresql}): the newest version. */
    static int count(String folder) {
        String path = "/dev/tasker/persistence/migrations/" + folder + "/index";
        try (InputStream in = MigrationFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " on the test classpath");
            }
            return (int) new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

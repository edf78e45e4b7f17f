package dev.tasker.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared conformance templates are (../shared/conformance beside the clone). */
final class Conformance {
    private Conformance() {
    }

    static Path dir() {
        String prop = System.getProperty("tasker.conformance.dir");
        Path dir = Path.of(prop == null ? "../../shared/conformance" : prop).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance templates not found at " + dir
                    + " (CI lays shared/ beside the clone; set -Dtasker.conformance.dir)");
        }
        return dir;
    }

    static Path python(String file) {
        return dir().resolve("tasker-fixtures/python").resolve(file);
    }
}

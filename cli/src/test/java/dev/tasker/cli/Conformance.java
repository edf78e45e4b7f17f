package dev.tasker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shared conformance corpus, found through the {@code tasker.conformance.dir} system property. */
final class Conformance {
    private Conformance() {}

    static Path dir() {
        String configured = System.getProperty("tasker.conformance.dir");
        if (configured == null) {
            throw new IllegalStateException("system property tasker.conformance.dir is not set (Surefire sets it)");
        }
        Path dir = Path.of(configured).normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance corpus not found at " + dir);
        }
        return dir;
    }

    static Path fixture(String relative) {
        return dir().resolve("tasker-fixtures").resolve(relative);
    }

    /** @return how many template files ({@code *.yaml}, {@code *.yml}) the corpus holds, counted apart from the CLI */
    static long templateFileCount() {
        try (Stream<Path> walk = Files.walk(dir())) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

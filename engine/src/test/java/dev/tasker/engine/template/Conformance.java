package dev.tasker.engine.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    static Path file(String relative) {
        return dir().resolve(relative);
    }

    static List<Path> templates() {
        try (Stream<Path> walk = Files.walk(dir())) {
            return walk.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TaskTemplate load(String relative) {
        return TemplateLoader.defaults().loadFile(file(relative)).getFirst();
    }
}

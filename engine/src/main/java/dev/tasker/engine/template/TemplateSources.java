package dev.tasker.engine.template;

import dev.tasker.engine.template.YamlDocumentReader.Rejected;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds template files in folders, files and classpath folders (exploded or inside a jar), in a
 * stable sorted order, and reads each within the document size limit, checked before reading.
 */
final class TemplateSources {
    /** Reads one template's bytes; may refuse before reading. */
    @FunctionalInterface
    interface Reader {
        byte[] read() throws IOException, Rejected;
    }

    /** One template file and how to read it. */
    record Source(String name, Reader reader) {}

    private final YamlDocumentReader documents;
    private final long maxBytes;

    TemplateSources(YamlDocumentReader documents, long maxBytes) {
        this.documents = documents;
        this.maxBytes = maxBytes;
    }

    /** Files as given; folders walked recursively for {@code *.yaml} and {@code *.yml}, sorted. */
    List<Source> ofPaths(Path... paths) {
        List<Source> sources = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                sources.addAll(ofDirectory(path));
            } else {
                sources.add(ofFile(path));
            }
        }
        return sources;
    }

    List<Source> ofDirectory(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> isTemplateName(p.getFileName().toString()))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(this::ofFile)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(new Source(directory.toString(), () -> {
                throw new IOException("cannot list folder: " + e.getMessage());
            }));
        }
    }

    private Source ofFile(Path file) {
        return new Source(file.toString(), () -> {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw documents.tooLarge(size);
            }
            return Files.readAllBytes(file);
        });
    }

    /** {@code /tasker/templates/} → {@code tasker/templates}: class loaders take no leading slash. */
    static String classpathFolder(String folder) {
        return folder.replaceAll("^/+|/+$", "");
    }

    /**
     * @param prefix a folder as {@link #classpathFolder} normalises it
     * @return the templates under {@code prefix} in every classpath root that has it; empty when
     *         none has it
     */
    List<Source> ofClasspath(String prefix, ClassLoader classLoader) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (URL url : Collections.list(classLoader.getResources(prefix))) {
            switch (url.getProtocol()) {
                case "file" -> sources.addAll(ofExplodedFolder(url, prefix));
                case "jar" -> sources.addAll(ofJarFolder(url));
                default -> throw new IOException("unsupported classpath location " + url);
            }
        }
        return sources;
    }

    private List<Source> ofExplodedFolder(URL url, String prefix) throws IOException {
        Path root;
        try {
            root = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("bad classpath URL " + url, e);
        }
        return ofDirectory(root).stream()
                .map(source -> new Source(
                        "classpath:" + prefix + "/"
                                + root.relativize(Path.of(source.name()))
                                        .toString()
                                        .replace('\\', '/'),
                        source.reader()))
                .toList();
    }

    /** Reads the entries while the jar is open: the jar is closed before any template is compiled. */
    private List<Source> ofJarFolder(URL url) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        String folder = connection.getEntryName() + "/";
        List<Source> sources = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            List<JarEntry> entries = Collections.list(jar.entries()).stream()
                    .filter(e -> !e.isDirectory() && e.getName().startsWith(folder) && isTemplateName(e.getName()))
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .toList();
            for (JarEntry entry : entries) {
                sources.add(readEntry(jar, entry));
            }
        }
        return sources;
    }

    private Source readEntry(JarFile jar, JarEntry entry) throws IOException {
        String name = "classpath:" + entry.getName();
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                long size = entry.getSize() > 0 ? entry.getSize() : bytes.length;
                return new Source(name, () -> {
                    throw documents.tooLarge(size);
                });
            }
            return new Source(name, () -> bytes);
        }
    }

    /** A YAML file, except {@code schedules.yaml}/{@code .yml}: recurring schedules live beside the templates. */
    private static boolean isTemplateName(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.equals("schedules.yaml") || base.equals("schedules.yml")) {
            return false;
        }
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}

package dev.tasker.store.h2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link StoreChildProcess} in its own JVM (same java, same class path), with its stdout read as lines. */
final class ChildJvm implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.reader = Thread.ofPlatform().daemon().start(this::readLines);
    }

    /** Starts {@code StoreChildProcess args...}; its stderr goes to {@code log}. */
    static ChildJvm start(Path log, String... args) throws IOException {
        return start(StoreChildProcess.class, log, args);
    }

    /** Starts {@code mainClass args...}; its stderr goes to {@code log}. */
    static ChildJvm start(Class<?> mainClass, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("tasker.h2."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(
                new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
    }

    /** The lines printed so far (all of them once the child has died and {@link #awaitExit} returned). */
    List<String> lines() {
        return lines;
    }

    /** What the child wrote to stderr (its log and any stack trace), for failure messages. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Sends a line to the child's stdin. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Closes the child's stdin. */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Whether the child is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL on Linux. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the child to end and its output to be read; returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM did not end within " + PATIENCE);
        }
        reader.join(PATIENCE.toMillis());
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void readLines() {
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output.lines().forEach(lines::add);
        } catch (IOException | UncheckedIOException e) {
            // The child was killed while we read: what was read stays in lines.
        }
    }
}

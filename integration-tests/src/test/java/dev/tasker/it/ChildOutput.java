package dev.tasker.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;

/** Reading a child JVM's output in the crash tests: its stdout line by line, its stderr file for messages. */
final class ChildOutput {
    private ChildOutput() {}

    /** Copies the child's stdout into {@code lines} until it ends; an I/O failure is added as "EOF ...". */
    static void pump(Process child, BlockingQueue<String> lines) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("EOF " + e);
        }
    }

    /** The child's stderr file, or why it cannot be read. */
    static String err(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}

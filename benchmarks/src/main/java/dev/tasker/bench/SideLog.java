package dev.tasker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only text file in which each line is on disk ({@code fsync}) before {@link #append} returns:
 * the crash matrix's record of what a child engine acknowledged and ran, which a SIGKILL cannot take back.
 * A line is written with one {@code write}; a line cut short by a kill has no newline and is ignored by
 * the reader ({@link CrashCheck}).
 */
final class SideLog implements AutoCloseable {
    private final FileChannel channel;
    private final Path file;

    SideLog(Path file) {
        this.file = file;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the side log " + file, e);
        }
    }

    /** Appends {@code line} and a newline, and returns once both are on disk. */
    synchronized void append(String line) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(line + "\n");
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the side log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the side log " + file, e);
        }
    }
}

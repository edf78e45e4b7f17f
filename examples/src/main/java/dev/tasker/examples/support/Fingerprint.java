package dev.tasker.examples.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identifiers derived from what they identify (a prefix and 12 hex digits of a SHA-256), so a handler
 * that runs again (a retry, or a re-run after a crash) makes the same order number, payment id or message
 * id as the first time: the examples stay idempotent and their results are the same on every run.
 */
public final class Fingerprint {
    private static final int HEX_DIGITS = 12;

    private Fingerprint() {}

    /** {@code prefix} followed by 12 lower-case hex digits of the SHA-256 of the parts. */
    public static String of(String prefix, Object... parts) {
        return prefix + hex(parts).substring(0, HEX_DIGITS);
    }

    /** {@link #of} with the hex digits in upper case ({@code ORD-3F2A9C1B07D4}). */
    public static String upper(String prefix, Object... parts) {
        return prefix + hex(parts).substring(0, HEX_DIGITS).toUpperCase(java.util.Locale.ROOT);
    }

    private static String hex(Object... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (Object part : parts) {
            // A separator no part contains keeps ("ab", "c") and ("a", "bc") apart.
            sha.update(Objects.toString(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

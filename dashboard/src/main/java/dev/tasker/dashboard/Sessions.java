package dev.tasker.dashboard;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Signed-in browsers: a random session id (the HttpOnly cookie) with the actor's name and its CSRF token. */
final class Sessions {
    /** How long a session lives without use. */
    public static final Duration IDLE = Duration.ofHours(8);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSIONS = 1_000;

    /** One signed-in browser. */
    public record Session(String id, String actor, String csrf, Instant lastUsed) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** A random URL-safe secret of 32 bytes. */
    public static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Opens a session for {@code actor}. */
    public Session open(String actor) {
        Instant now = Instant.now();
        sessions.values().removeIf(s -> s.lastUsed().plus(IDLE).isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream()
                    .min(java.util.Comparator.comparing(Session::lastUsed))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session session = new Session(secret(), actor, secret(), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, touched. */
    public Optional<Session> find(String id) {
        Instant now = Instant.now();
        Session found = sessions.computeIfPresent(
                id,
                (k, s) -> s.lastUsed().plus(IDLE).isBefore(now) ? null : new Session(s.id(), s.actor(), s.csrf(), now));
        return Optional.ofNullable(found);
    }

    /** Ends a session. */
    public void close(String id) {
        sessions.remove(id);
    }
}

package dev.tasker.engine.template;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys, step names and enum values. The work is bounded whatever the
 * input: words longer than {@link #MAX_WORD_LENGTH} get no suggestion, candidates whose length
 * differs by more than the allowed edits are skipped without computing a distance, and at most
 * {@link #MAX_COMPARISONS} distances are computed per word. {@link ProblemSink} also stops
 * suggesting after its first {@link ProblemSink#SUGGESTION_BUDGET} lookups, so a file with
 * thousands of unknown names costs linear time, not names × names.
 */
final class Suggestions {
    /** Longer words are not typos of a name; comparing them would cost their length squared. */
    static final int MAX_WORD_LENGTH = 100;
    /** Distances computed per lookup at most. */
    static final int MAX_COMPARISONS = 1_000;

    private Suggestions() {}

    /**
     * The candidate closest to {@code typo} by Damerau–Levenshtein distance (a swap of two
     * neighbours counts as one edit, the commonest typo), if it is close enough to be a likely
     * intent: at most a third of the word's length, and never more than 3 edits.
     */
    static Optional<String> nearest(String typo, Collection<String> candidates) {
        if (typo.length() > MAX_WORD_LENGTH) {
            return Optional.empty();
        }
        String lower = typo.toLowerCase(Locale.ROOT);
        int allowed = Math.min(3, Math.max(1, typo.length() / 3));
        String best = null;
        int bestDistance = allowed + 1;
        int comparisons = 0;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - typo.length()) > allowed || candidate.equals(typo)) {
                continue;
            }
            if (++comparisons > MAX_COMPARISONS) {
                break;
            }
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT), bestDistance - 1);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        return candidates.stream()
                .limit(MAX_COMPARISONS)
                .filter(c -> !c.equals(typo) && isPrefixMatch(lower, c.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** {@code deferred} for {@code deferred_convergence}: a truncated word is a likely intent too. */
    private static boolean isPrefixMatch(String typo, String candidate) {
        return typo.length() >= 4 && (candidate.startsWith(typo) || typo.startsWith(candidate));
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        return distance(a, b, Integer.MAX_VALUE - 1);
    }

    /**
     * {@link #distance(String, String)}, giving up with {@code limit + 1} as soon as every
     * alignment costs more than {@code limit}; three rolling rows instead of a full matrix.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] twoBack = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, twoBack[j - 2] + 1);
                }
                current[j] = best;
                rowMin = Math.min(rowMin, best);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return Math.min(previous[b.length()], limit + 1);
    }
}

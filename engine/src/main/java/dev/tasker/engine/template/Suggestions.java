package dev.tasker.engine.template;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys, step names and enum values. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate closest to {@code typo} by Damerau–Levenshtein distance (a swap of two
     * neighbours counts as one edit, the commonest typo), if it is close enough to be a likely
     * intent: at most a third of the word's length, and never more than 3 edits.
     */
    static Optional<String> nearest(String typo, Collection<String> candidates) {
        String lower = typo.toLowerCase(Locale.ROOT);
        int allowed = Math.min(3, Math.max(1, typo.length() / 3));
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance && !candidate.equals(typo)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        return candidates.stream().filter(c -> !c.equals(typo) && isPrefixMatch(lower, c.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** {@code deferred} for {@code deferred_convergence}: a truncated word is a likely intent too. */
    private static boolean isPrefixMatch(String typo, String candidate) {
        return typo.length() >= 4 && (candidate.startsWith(typo) || typo.startsWith(candidate));
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}

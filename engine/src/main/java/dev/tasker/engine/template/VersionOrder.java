package dev.tasker.engine.template;

import java.util.Comparator;

/**
 * Orders version strings the way semantic versioning does: numeric parts numerically
 * (1.10.0 after 1.9.0), a pre-release before its release (1.0.0-rc.1 before 1.0.0), build
 * metadata ignored. Strings that are not semantic versions still compare, part by part, so the
 * order is total.
 */
final class VersionOrder implements Comparator<String> {
    static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {}

    @Override
    public int compare(String a, String b) {
        String[] left = split(a);
        String[] right = split(b);
        int byRelease = compareDotted(left[0], right[0]);
        if (byRelease != 0) {
            return byRelease;
        }
        if (left[1] == null || right[1] == null) {
            return left[1] == null ? (right[1] == null ? 0 : 1) : -1; // a release sorts after its pre-releases
        }
        return compareDotted(left[1], right[1]);
    }

    /** @return {release, pre-release or null}, build metadata dropped */
    private static String[] split(String version) {
        int plus = version.indexOf('+');
        String core = plus < 0 ? version : version.substring(0, plus);
        int dash = core.indexOf('-');
        return dash < 0 ? new String[] {core, null} : new String[] {core.substring(0, dash), core.substring(dash + 1)};
    }

    private static int compareDotted(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int byPart = comparePart(left[i], right[i]);
            if (byPart != 0) {
                return byPart;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    /** Numbers numerically, and before words, as semantic versioning ranks pre-release identifiers. */
    private static int comparePart(String a, String b) {
        boolean aNumeric = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean bNumeric = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (aNumeric && bNumeric) {
            String x = a.replaceFirst("^0+(?=.)", "");
            String y = b.replaceFirst("^0+(?=.)", "");
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }
}

package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void a_swap_of_two_neighbours_counts_as_one_edit() {
        assertEquals(1, Suggestions.distance("dependnecies", "dependencies"));
        assertEquals(1, Suggestions.distance("kart", "cart"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void the_nearest_close_candidate_is_suggested() {
        assertEquals(
                Optional.of("dependencies"),
                Suggestions.nearest("dependancies", List.of("depends_on", "dependencies")));
        assertEquals(Optional.of("validate_cart"), Suggestions.nearest("Validate_Cart", List.of("validate_cart")));
    }

    @Test
    void a_truncated_word_suggests_the_full_one() {
        assertEquals(
                Optional.of("deferred_convergence"),
                Suggestions.nearest("deferred", List.of("standard", "deferred_convergence")));
    }

    @Test
    void nothing_is_suggested_when_nothing_is_close_or_the_word_is_exact() {
        assertEquals(Optional.empty(), Suggestions.nearest("zzz", List.of("name", "type")));
        assertEquals(Optional.empty(), Suggestions.nearest("ab", List.of("xy")));
        assertEquals(Optional.empty(), Suggestions.nearest("name", List.of("name")));
    }
}

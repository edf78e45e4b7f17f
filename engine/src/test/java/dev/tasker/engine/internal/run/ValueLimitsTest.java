package dev.tasker.engine.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.ErrorType;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.internal.support.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The size policy on values, without an engine: what is refused, where, and under which limit. */
class ValueLimitsTest {
    private final ValueLimits limits = new ValueLimits(Limits.DEFAULTS.withMaxContextBytes(1_000));

    @Test
    void limits_out_of_their_range_are_refused_at_once() {
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withMaxDepth(Limits.CEILING_DEPTH + 1));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withMaxContextBytes(1));
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withNumbers(10, 100));
    }

    @Test
    void a_value_within_the_limits_passes() {
        ObjectNode ok = Json.object().put("amount", new BigDecimal("8.80")).put("name", "x");
        assertNull(limits.check("v", ok, 1_000, "maxContextBytes"));
    }

    @Test
    void the_size_counts_utf8_bytes_of_the_json() {
        ObjectNode v = Json.object().put("s", "é".repeat(500)); // 1000 bytes of text + 8 of JSON
        InvalidInputException e = limits.check("the task context", v, 1_000, "maxContextBytes");
        assertEquals("maxContextBytes = 1000", e.limit());
        assertEquals("$", e.path());
        assertEquals(1_008, ValueLimits.sizeUpTo(v, 10_000));
    }

    @Test
    void numbers_are_bounded_by_digits_exponent_and_finiteness_at_their_path() {
        JsonNode tiny = Json.object().set("order", Json.object().put("amount", new BigDecimal("1e-999999999")));
        InvalidInputException e = limits.shape("v", tiny);
        assertEquals("$.order.amount", e.path());
        assertEquals("maxNumberExponent = 1000", e.limit());

        JsonNode wide =
                Json.object().set("xs", Json.MAPPER.createArrayNode().add(1).add(new BigInteger("9".repeat(1_001))));
        assertEquals("$.xs[1]", limits.shape("v", wide).path());
        assertTrue(limits.shape("v", wide).limit().startsWith("maxNumberDigits"));

        JsonNode nan = Json.toNode(Map.of("weird key", Double.NaN));
        assertEquals("$['weird key']", limits.shape("v", nan).path());
    }

    @Test
    void nesting_is_refused_at_the_first_level_past_the_limit() {
        JsonNode deep = Json.MAPPER.getNodeFactory().textNode("leaf");
        for (int i = 0; i < 5_000; i++) {
            deep = Json.MAPPER.createArrayNode().add(deep);
        }
        InvalidInputException e = limits.shape("v", deep);
        assertEquals("$" + "[0]".repeat(Limits.DEFAULT_DEPTH), e.path());
        assertEquals("maxDepth = 200", e.limit());
    }

    @Test
    void a_map_that_contains_itself_is_refused_not_a_stack_overflow() {
        Map<String, Object> self = new java.util.HashMap<>();
        self.put("self", self);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Json.toNode(self, "the task context"));
        assertTrue(e.getMessage().startsWith("the task context is refused at $"), e.getMessage());
    }

    @Test
    void an_error_message_is_cut_to_the_limit_and_says_so() {
        String cut = ValueLimits.cut("€".repeat(100_000), 1_000);
        assertTrue(ValueLimits.utf8Length(cut, Long.MAX_VALUE) <= 1_000, cut.length() + " chars");
        assertTrue(cut.endsWith("[cut: longer than 1000 bytes]"));
        String fits = "short";
        assertSame(fits, ValueLimits.cut(fits, 1_000));
    }

    @Test
    void an_oversized_result_fails_its_step_permanently_and_a_failure_keeps_its_kind() {
        ValueLimits small = new ValueLimits(Limits.DEFAULTS.withMaxResultBytes(100));
        JsonNode big = Json.object().put("s", "x".repeat(200));
        Outcome bounded = small.bound(new Outcome.Succeeded(big, Json.write(big), Json.object(), Outcome.Kind.RESULT));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, bounded);
        assertEquals("result_too_large", f.errorCode());
        assertEquals(ErrorType.PERMANENT_ERROR, f.type());
        assertTrue(f.message().contains("maxResultBytes = 100"), f.message());

        Outcome.Failed handlerError =
                new Outcome.Failed("boom", ErrorType.RETRYABLE_ERROR, true, null, null, Json.object());
        assertSame(handlerError, small.bound(handlerError));
    }
}

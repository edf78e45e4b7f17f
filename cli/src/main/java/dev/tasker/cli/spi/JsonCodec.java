package dev.tasker.cli.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the command line and the benchmarks: decimals stay exact ({@code 29.99},
 * {@code 10.00}), as the engine reads them, so what a user types is what a handler gets. (The engine's own
 * mapper is internal to it; the test kit keeps its own for typed handler values.)
 */
public final class JsonCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private JsonCodec() {}

    /** The shared mapper; configured once, never changed. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code text}; a missing value (empty text) is {@code null}. */
    public static JsonNode read(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        return node == null || node.isMissingNode() ? null : node;
    }
}

package dev.tasker.engine.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.template.YamlDocumentReader.Limits;
import dev.tasker.engine.template.YamlDocumentReader.Rejected;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a JSON tree from YAML tokens, recording each node's location, expanding aliases and
 * {@code <<} merge keys within the limits, and refusing tags other than YAML's core scalar and
 * collection tags.
 */
final class YamlTreeBuilder {
    /** Expanded aliases may add at most this many nodes: enough for shared blocks, not for bombs. */
    static final int MAX_ALIAS_EXPANSION_NODES = 100_000;

    private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";
    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq");
    private static final String MERGE_KEY = "<<";

    private record Anchored(JsonNode node, int size) {}

    private final AnchorAwareYamlFactory.Parser parser;
    private final Limits limits;
    private final ProblemSink sink;
    private final SourceMap map;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private int aliasesUsed;
    private int expandedNodes;
    private int nodeCount;

    YamlTreeBuilder(AnchorAwareYamlFactory.Parser parser, Limits limits, ProblemSink sink) {
        this.parser = parser;
        this.limits = limits;
        this.sink = sink;
        this.map = sink.map();
    }

    /** Reads the mapping whose START_OBJECT is the current token. */
    JsonNode readRoot() throws IOException, Rejected {
        locate("", parser.currentTokenLocation());
        return readValue("", 1);
    }

    private JsonNode readValue(String pointer, int depth) throws IOException, Rejected {
        checkTag();
        String anchor = parser.anchor();
        int before = nodeCount++;
        if (anchor != null) {
            openAnchors.add(anchor);
        }
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> readObject(pointer, depth);
            case START_ARRAY -> readArray(pointer, depth);
            case VALUE_STRING -> parser.isCurrentAlias() ? expandAlias() : nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> scalar(pointer, nodes.numberNode(parser.getBigIntegerValue()));
            case VALUE_NUMBER_FLOAT -> scalar(pointer, nodes.numberNode(parser.getDoubleValue()));
            case VALUE_TRUE, VALUE_FALSE -> scalar(pointer, nodes.booleanNode(parser.getBooleanValue()));
            case VALUE_NULL -> nodes.nullNode();
            default ->
                throw rejected(
                        "CUSTOM_TAG",
                        "unsupported YAML value (" + parser.currentToken() + "); templates hold plain data only");
        };
        if (anchor != null) {
            openAnchors.remove(anchor);
            anchors.put(anchor, new Anchored(node, nodeCount - before));
        }
        return node;
    }

    /** Keeps the spelling only where the node would print differently ({@code 1.10}, {@code yes}). */
    private JsonNode scalar(String pointer, JsonNode node) throws IOException {
        JsonNode shrunk = shrink(node);
        String written = parser.getText();
        if (!written.equals(shrunk.asText())) {
            map.putScalarText(pointer, written);
        }
        return shrunk;
    }

    /** BigInteger nodes for every integer would surprise readers; keep int and long where they fit. */
    private JsonNode shrink(JsonNode node) {
        if (node.isBigInteger() && node.canConvertToLong()) {
            return node.canConvertToInt() ? nodes.numberNode(node.intValue()) : nodes.numberNode(node.longValue());
        }
        return node;
    }

    private ObjectNode readObject(String pointer, int depth) throws IOException, Rejected {
        checkDepth(depth);
        ObjectNode object = nodes.objectNode();
        List<JsonNode> merges = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String child = SourceMap.child(pointer, key);
            JsonLocation keyLocation = parser.currentTokenLocation();
            parser.nextToken();
            JsonNode value = readValue(child, depth + 1);
            if (MERGE_KEY.equals(key)) {
                merges.add(value);
            } else if (object.has(key)) {
                sink.errorAt(
                        "DUPLICATE_KEY",
                        keyLocation.getLineNr(),
                        keyLocation.getColumnNr(),
                        "duplicate key '" + Shortened.value(key) + "' in " + SourceMap.display(pointer)
                                + "; the later value would silently win");
            } else {
                locate(child, keyLocation);
                object.set(key, value);
            }
        }
        applyMerges(object, merges);
        return object;
    }

    /** YAML merge keys: explicitly written keys win over merged ones, as in YAML 1.1. */
    private void applyMerges(ObjectNode object, List<JsonNode> merges) throws Rejected {
        for (JsonNode merge : merges) {
            for (JsonNode source : merge.isArray() ? merge : List.of(merge)) {
                if (!source.isObject()) {
                    throw rejected("YAML_SYNTAX", "a '<<' merge key needs a mapping or a list of mappings");
                }
                source.properties().forEach(entry -> object.putIfAbsent(entry.getKey(), entry.getValue()));
            }
        }
    }

    private ArrayNode readArray(String pointer, int depth) throws IOException, Rejected {
        checkDepth(depth);
        ArrayNode array = nodes.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String child = SourceMap.child(pointer, array.size());
            locate(child, parser.currentTokenLocation());
            array.add(readValue(child, depth + 1));
        }
        return array;
    }

    private JsonNode expandAlias() throws IOException, Rejected {
        String name = parser.getText();
        Anchored anchored = anchors.get(name);
        if (openAnchors.contains(name)) {
            throw rejected("YAML_SYNTAX", "malformed YAML: alias '*" + name + "' refers to the node that contains it");
        }
        if (anchored == null) {
            throw rejected("YAML_SYNTAX", "malformed YAML: unknown alias '*" + name + "'");
        }
        if (++aliasesUsed > limits.maxAliases()) {
            throw rejected(
                    "TOO_MANY_ALIASES",
                    "more than " + limits.maxAliases()
                            + " YAML aliases; the limit guards against alias bombs (TemplateLoader.Builder.maxAliases)");
        }
        expandedNodes += anchored.size();
        if (expandedNodes > MAX_ALIAS_EXPANSION_NODES) {
            throw rejected(
                    "TOO_MANY_ALIASES",
                    "YAML aliases expand to more than " + MAX_ALIAS_EXPANSION_NODES
                            + " nodes; refusing what looks like an alias bomb");
        }
        nodeCount += anchored.size();
        return anchored.node().deepCopy();
    }

    private void checkDepth(int depth) throws Rejected {
        if (depth > limits.maxNestingDepth()) {
            throw rejected(
                    "NESTING_TOO_DEEP",
                    "the document nests deeper than " + limits.maxNestingDepth()
                            + " levels (TemplateLoader.Builder.maxNestingDepth)");
        }
    }

    private void checkTag() throws IOException, Rejected {
        String tag = parser.getTypeId();
        if (tag != null
                && !(tag.startsWith(CORE_TAG_PREFIX) && CORE_TAGS.contains(tag.substring(CORE_TAG_PREFIX.length())))) {
            throw rejected("CUSTOM_TAG", "YAML tag '" + tag + "' is not allowed; templates hold plain data only");
        }
    }

    private void locate(String pointer, JsonLocation location) {
        map.put(pointer, location.getLineNr(), location.getColumnNr());
    }

    private Rejected rejected(String code, String message) {
        return Rejected.at(code, parser.currentTokenLocation(), message);
    }
}

package dev.tasker.engine.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.NullUnmarked;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a plain JSON tree with the location of every node, refusing
 * hostile input with a clear message: oversized documents (checked before parsing), alias
 * bombs, deep nesting, custom tags, several documents, and a root that is not a mapping.
 *
 * <p>Jackson's YAML parser is used in streaming mode, so only plain data is ever built (no type
 * construction), and locations come from its tokens. It reports an alias as the anchor's name;
 * {@link YamlTreeBuilder} expands aliases itself, within the limits, because SnakeYAML's own alias
 * and depth limits live in its composer, which Jackson does not use. Anchors on scalars, which
 * Jackson does not report, come from {@link AnchorAwareYamlFactory}.
 */
// Not checked by NullAway yet: its nulls (map lookups, absent YAML fields handed to records that default them) are
// still to sort out.
@NullUnmarked
final class YamlDocumentReader {
    /** A fatal problem: the document cannot be read at all. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final Integer line;
        final Integer column;

        Rejected(String code, Integer line, Integer column, String message) {
            super(message, null, false, false);
            this.code = code;
            this.line = line;
            this.column = column;
        }

        /** The message given at construction, never null. */
        String message() {
            return String.valueOf(getMessage());
        }

        static Rejected at(String code, JsonLocation location, String message) {
            return location == null || location.getLineNr() < 1
                    ? new Rejected(code, null, null, message)
                    : new Rejected(code, location.getLineNr(), location.getColumnNr(), message);
        }
    }

    /** The limits a document must stay within. */
    record Limits(long maxDocumentBytes, int maxAliases, int maxNestingDepth) {}

    private static final Pattern EVENT = Pattern.compile("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\([^>]*\\)>");

    private final Limits limits;
    private final AnchorAwareYamlFactory factory;

    YamlDocumentReader(Limits limits) {
        this.limits = limits;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()));
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        // YamlTreeBuilder reports duplicates itself: located, worded for people, and not fatal.
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        options.setTagInspector(tag -> false);
        this.factory = new AnchorAwareYamlFactory(YAMLFactory.builder()
                .loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                // One above ours, so that our own check, with its clearer message, fires first.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth() + 1)
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .build()));
    }

    /**
     * @param bytes the file's bytes, UTF-8
     * @param sink  receives problems that do not stop reading (duplicate keys)
     * @return the document's root, a mapping
     * @throws Rejected when the document cannot be used at all
     */
    JsonNode read(byte[] bytes, ProblemSink sink) throws Rejected {
        if (bytes.length > limits.maxDocumentBytes()) {
            throw tooLarge(bytes.length);
        }
        String text = decode(bytes);
        try (JsonParser parser = factory.createParser(new StringReader(text))) {
            JsonNode root = readRoot(parser, sink);
            JsonToken next = parser.nextToken();
            if (next != null && next != JsonToken.VALUE_NULL) {
                throw Rejected.at(
                        "MULTIPLE_DOCUMENTS",
                        parser.currentTokenLocation(),
                        "a template file holds one YAML document; found another one here");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw Rejected.at("NESTING_TOO_DEEP", e.getLocation(), firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            throw new Rejected("READ_FAILED", null, null, "cannot read the document: " + e.getMessage());
        }
    }

    Rejected tooLarge(long size) {
        return new Rejected(
                "DOCUMENT_TOO_LARGE",
                null,
                null,
                "the document is " + size + " bytes; the limit is " + limits.maxDocumentBytes()
                        + " bytes (TemplateLoader.Builder.maxDocumentBytes)");
    }

    private JsonNode readRoot(JsonParser parser, ProblemSink sink) throws IOException, Rejected {
        JsonToken first = parser.nextToken();
        if (first == null || first == JsonToken.VALUE_NULL) {
            throw new Rejected(
                    "NOT_A_MAPPING",
                    null,
                    null,
                    "the document is empty; expected a mapping with name, namespace_name, version and steps");
        }
        if (first != JsonToken.START_OBJECT) {
            throw Rejected.at(
                    "NOT_A_MAPPING",
                    parser.currentTokenLocation(),
                    "the document is "
                            + (first == JsonToken.START_ARRAY ? "a list" : "a single value")
                            + "; expected a mapping with name, namespace_name, version and steps");
        }
        return new YamlTreeBuilder((AnchorAwareYamlFactory.Parser) parser, limits, sink).readRoot();
    }

    private static String decode(byte[] bytes) throws Rejected {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Rejected("READ_FAILED", null, null, "the document is not valid UTF-8");
        }
    }

    /** SnakeYAML's own messages carry a source excerpt over several lines; keep the facts only. */
    private static Rejected syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String context = marked.getContext() == null || marked.getContextMark() == null
                    ? ""
                    : " (" + marked.getContext() + " at line "
                            + (marked.getContextMark().getLine() + 1) + ")";
            return new Rejected(
                    "YAML_SYNTAX",
                    marked.getProblemMark().getLine() + 1,
                    marked.getProblemMark().getColumn() + 1,
                    "malformed YAML: " + marked.getProblem() + context);
        }
        return Rejected.at(
                "YAML_SYNTAX",
                e.getLocation(),
                "malformed YAML: " + withoutEventNames(firstLine(e.getOriginalMessage())));
    }

    /** Jackson names SnakeYAML event classes when a key is a list or mapping; say what it was instead. */
    private static String withoutEventNames(String message) {
        return EVENT.matcher(message).replaceAll(match -> switch (match.group(1)) {
            case "SequenceStart" -> "a list";
            case "MappingStart" -> "a mapping";
            default -> "something that is not a plain value";
        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable document";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}

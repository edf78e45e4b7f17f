package dev.tasker.engine.template;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * A {@link YAMLFactory} whose parsers also report the anchor of a scalar value ({@code &t 30}).
 * Jackson's parser reports anchors of mappings and lists only, so an alias to a scalar anchor
 * could not be expanded; the anchor is read from the SnakeYAML event the parser already holds.
 * Its parsers read through a {@link WholeTextReader}, so a long scalar is read in linear time.
 */
final class AnchorAwareYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    AnchorAwareYamlFactory(YAMLFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
        return new Parser(context, _parserFeatures, _yamlParserFeatures, this, reader);
    }

    /** A YAML parser that also tells the anchor of the current scalar. */
    static final class Parser extends YAMLParser {
        Parser(IOContext context, int parserFeatures, int yamlFeatures, AnchorAwareYamlFactory factory, Reader reader) {
            super(
                    context,
                    parserFeatures,
                    yamlFeatures,
                    factory._objectCodec,
                    reader,
                    new ParserImpl(new WholeTextReader(readAll(reader)), factory._loaderOptions));
        }

        private static String readAll(Reader reader) {
            try {
                StringWriter text = new StringWriter();
                reader.transferTo(text);
                return text.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the anchor of the current token: a scalar's, or a mapping's or list's; or null */
        String anchor() throws IOException {
            return _lastEvent instanceof ScalarEvent scalar && scalar.getAnchor() != null
                    ? scalar.getAnchor()
                    : getObjectId();
        }
    }
}

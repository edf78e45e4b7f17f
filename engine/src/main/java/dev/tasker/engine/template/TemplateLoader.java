package dev.tasker.engine.template;

import dev.tasker.engine.template.TemplateSources.Source;
import dev.tasker.engine.template.YamlDocumentReader.Limits;
import dev.tasker.engine.template.YamlDocumentReader.Rejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates task templates (SPEC §2). Immutable and thread-safe; build one with
 * {@link #builder()} or take {@link #defaults()}.
 *
 * <p>The {@code load...} methods return templates or throw a {@link TemplateValidationException}
 * listing every problem of every file (file, step, line and column where known). Warnings are
 * logged and, in strict mode, count as errors. {@link #check} reports instead of throwing, for
 * tools.
 */
public final class TemplateLoader {
    /** Default of {@link Builder#maxDocumentBytes}: 5 MiB. */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 5L * 1024 * 1024;
    /** Default of {@link Builder#maxAliases}. */
    public static final int DEFAULT_MAX_ALIASES = 50;
    /** Default of {@link Builder#maxNestingDepth}. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;

    private static final Logger log = LoggerFactory.getLogger(TemplateLoader.class);
    private static final TemplateLoader DEFAULTS = builder().build();

    private final boolean strict;
    private final YamlDocumentReader documents;
    private final TemplateSources sources;

    private TemplateLoader(Builder builder) {
        this.strict = builder.strict;
        this.documents = new YamlDocumentReader(
                new Limits(builder.maxDocumentBytes, builder.maxAliases, builder.maxNestingDepth));
        this.sources = new TemplateSources(documents, builder.maxDocumentBytes);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a non-strict loader with the default limits */
    public static TemplateLoader defaults() {
        return DEFAULTS;
    }

    /** @return whether warnings count as errors */
    public boolean strict() {
        return strict;
    }

    /**
     * @param file a YAML file holding one template
     * @return the template, as a one-element list
     * @throws TemplateValidationException when the file cannot be read or is invalid
     */
    public List<TaskTemplate> loadFile(Path file) {
        return accept(List.of(
                compile(sources.ofPaths(Objects.requireNonNull(file, "file")).getFirst())));
    }

    /**
     * @param directory a folder, walked recursively for {@code *.yaml} and {@code *.yml} files
     * @return its templates, in sorted path order
     * @throws TemplateValidationException when any file is invalid, or the folder does not exist
     */
    public List<TaskTemplate> loadDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw notFound(directory.toString(), "no such folder");
        }
        return accept(compileAll(sources.ofDirectory(directory)));
    }

    /**
     * @param filesOrFolders files (read whatever their extension) and folders (walked recursively)
     * @return their templates, in argument order, folders sorted
     * @throws TemplateValidationException when any file is invalid or missing
     */
    public List<TaskTemplate> loadPaths(Path... filesOrFolders) {
        return accept(compileAll(sources.ofPaths(filesOrFolders)));
    }

    /**
     * Jars must hold directory entries for the folder, as jars built by Maven and Gradle do:
     * class loaders find folders in jars through those entries.
     *
     * @param folder      a classpath folder such as {@code tasker/templates}, in directories or jars
     * @param classLoader where to look
     * @return the templates found in every classpath root holding the folder
     * @throws TemplateValidationException when any file is invalid, or no root holds the folder
     */
    public List<TaskTemplate> loadClasspath(String folder, ClassLoader classLoader) {
        String path = TemplateSources.classpathFolder(Objects.requireNonNull(folder, "folder"));
        List<Source> found;
        try {
            found = sources.ofClasspath(path, classLoader);
        } catch (IOException e) {
            throw notFound("classpath:" + path, "cannot read classpath folder: " + e.getMessage());
        }
        if (found.isEmpty() && classLoader.getResource(path) == null) {
            throw notFound("classpath:" + path, "no such classpath folder");
        }
        return accept(compileAll(found));
    }

    /**
     * @param yaml       the template text
     * @param sourceName how messages name it
     * @return the template
     * @throws TemplateValidationException when it is invalid
     */
    public TaskTemplate loadString(String yaml, String sourceName) {
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        return accept(List.of(compile(new Source(Objects.requireNonNull(sourceName, "sourceName"), () -> bytes))))
                .getFirst();
    }

    /**
     * Checks files without throwing for bad templates: for the CLI's {@code validate} command.
     * Warnings stay warnings here; {@link TemplateReport#ok(boolean)} applies strictness.
     *
     * @param filesOrFolders files and folders, as for {@link #loadPaths}
     * @return one report per file
     */
    public List<TemplateReport> check(Path... filesOrFolders) {
        return compileAll(sources.ofPaths(filesOrFolders));
    }

    /**
     * Checks the templates of a classpath folder without throwing for bad ones, as {@link #check} does for files:
     * for tools that run one template among many and must not fail on the others ({@code tasker run}).
     *
     * @param folder      a classpath folder such as {@code tasker/templates}, in directories or jars
     * @param classLoader where to look
     * @return one report per file found; empty when no classpath root holds the folder
     */
    public List<TemplateReport> checkClasspath(String folder, ClassLoader classLoader) {
        String path = TemplateSources.classpathFolder(Objects.requireNonNull(folder, "folder"));
        try {
            return compileAll(sources.ofClasspath(path, classLoader));
        } catch (IOException e) {
            return List.of(unreadable(
                    new Source("classpath:" + path, () -> new byte[0]),
                    "READ_FAILED",
                    null,
                    null,
                    "cannot read classpath folder: " + e.getMessage()));
        }
    }

    private List<TemplateReport> compileAll(List<Source> found) {
        return found.stream().map(this::compile).toList();
    }

    private TemplateReport compile(Source source) {
        byte[] bytes;
        try {
            bytes = source.reader().read();
        } catch (Rejected rejected) {
            return unreadable(source, rejected.code, rejected.line, rejected.column, rejected.message());
        } catch (NoSuchFileException e) {
            return unreadable(source, "READ_FAILED", null, null, "no such file");
        } catch (IOException e) {
            return unreadable(source, "READ_FAILED", null, null, "cannot read the file: " + e.getMessage());
        }
        ProblemSink sink = new ProblemSink(source.name(), new SourceMap(bytes.length));
        Optional<TaskTemplate> template = Optional.empty();
        try {
            template = TemplateBinder.bind(documents.read(bytes, sink), sink);
        } catch (Rejected rejected) {
            sink.errorAt(rejected.code, rejected.line, rejected.column, rejected.message());
        } catch (RuntimeException bug) {
            // A defect of ours must not turn a template problem into a stack trace for the user;
            // the trace goes to the log for us.
            log.error("Unexpected failure while validating {}", source.name(), bug);
            sink.errorAt("INTERNAL_ERROR", null, null, "internal error while validating: " + bug);
        }
        List<TemplateProblem> problems = sink.problems();
        return new TemplateReport(
                source.name(),
                template,
                problems.stream().filter(p -> !p.isError()).toList(),
                problems.stream().filter(TemplateProblem::isError).toList());
    }

    private static TemplateReport unreadable(
            Source source, String code, @Nullable Integer line, @Nullable Integer column, String message) {
        TemplateProblem problem =
                new TemplateProblem(TemplateProblem.Severity.ERROR, code, source.name(), null, line, column, message);
        return new TemplateReport(source.name(), Optional.empty(), List.of(), List.of(problem));
    }

    private List<TaskTemplate> accept(List<TemplateReport> reports) {
        List<TemplateProblem> errors = new ArrayList<>();
        List<TemplateProblem> warnings = new ArrayList<>();
        for (TemplateReport report : reports) {
            errors.addAll(report.errors());
            if (strict) {
                report.warnings().stream().map(TemplateProblem::asError).forEach(errors::add);
            } else {
                warnings.addAll(report.warnings());
            }
        }
        if (!errors.isEmpty()) {
            errors.addAll(warnings);
            throw new TemplateValidationException(errors);
        }
        warnings.forEach(warning -> log.warn("{}", warning));
        return reports.stream().map(report -> report.template().orElseThrow()).toList();
    }

    private static TemplateValidationException notFound(String source, String message) {
        return new TemplateValidationException(List.of(
                new TemplateProblem(TemplateProblem.Severity.ERROR, "READ_FAILED", source, null, null, null, message)));
    }

    /** Configures a {@link TemplateLoader}; every setter checks its argument at once. */
    public static final class Builder {
        private boolean strict;
        private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private int maxAliases = DEFAULT_MAX_ALIASES;
        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;

        private Builder() {}

        /**
         * @param strict whether warnings (unknown keys, ...) reject a template; default false
         * @return this builder
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * @param bytes the largest template file accepted, checked before parsing; default 5 MiB
         * @return this builder
         */
        public Builder maxDocumentBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxDocumentBytes must be >= 1, got " + bytes);
            }
            this.maxDocumentBytes = bytes;
            return this;
        }

        /**
         * @param aliases the most YAML alias uses ({@code *name}) in one document; default 50
         * @return this builder
         */
        public Builder maxAliases(int aliases) {
            if (aliases < 0) {
                throw new IllegalArgumentException("maxAliases must be >= 0, got " + aliases);
            }
            this.maxAliases = aliases;
            return this;
        }

        /**
         * @param depth the deepest nesting of mappings and lists accepted; default 64
         * @return this builder
         */
        public Builder maxNestingDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("maxNestingDepth must be >= 1, got " + depth);
            }
            this.maxNestingDepth = depth;
            return this;
        }

        /** @return the loader */
        public TemplateLoader build() {
            return new TemplateLoader(this);
        }
    }
}

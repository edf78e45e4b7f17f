package dev.tasker.bench;

import dev.tasker.engine.TaskerBuilder;
import dev.tasker.micrometer.TaskerMetrics;
import dev.tasker.opentelemetry.TaskerTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * The cost of observing the engine ({@code --metrics}, {@code --tracing}): the optional integrations as an
 * application would set them up, with nothing sent anywhere (a simple registry; spans batched, then dropped).
 */
final class Observability {
    private Observability() {}

    static void configure(TaskerBuilder b, boolean metrics, boolean tracing) {
        if (metrics) {
            b.instrumentation(new TaskerMetrics(new SimpleMeterRegistry()));
        }
        if (tracing) {
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(new Dropping()).build())
                    .build();
            b.instrumentation(new TaskerTracing(
                    OpenTelemetrySdk.builder().setTracerProvider(provider).build()));
        }
        if (metrics || tracing) {
            System.out.println("observed: " + (metrics ? "metrics " : "") + (tracing ? "tracing" : ""));
        }
    }

    /** Exports nothing: the SDK's work up to the exporter is what is measured. */
    private static final class Dropping implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}

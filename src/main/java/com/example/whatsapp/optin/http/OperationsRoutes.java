package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.settings.SettingsRegistry;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What operators and tools read: health, metrics and the API's OpenAPI document. */
final class OperationsRoutes {

    private final Supplier<KafkaStreams.State> streamsState;
    private final SettingsRegistry settings;
    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry metrics;
    private final byte[] openApi = readOpenApi();

    OperationsRoutes(Supplier<KafkaStreams.State> streamsState, SettingsRegistry settings, BooleanSupplier ready,
                     PrometheusMeterRegistry metrics) {
        this.streamsState = streamsState;
        this.settings = settings;
        this.ready = ready;
        this.metrics = metrics;
    }

    void live(Context ctx) {
        ctx.json(new Responses.Liveness("UP"));
    }

    void ready(Context ctx) {
        boolean isReady = ready.getAsBoolean();
        if (!isReady) {
            ctx.header("Retry-After", ConsentApi.RETRY_AFTER_SECONDS);
            ctx.status(503);
        }
        ctx.json(new Responses.Readiness(isReady ? "UP" : "DOWN", streamsState.get().name(), settings.loaded()));
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    private static byte[] readOpenApi() {
        try (InputStream in = OperationsRoutes.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

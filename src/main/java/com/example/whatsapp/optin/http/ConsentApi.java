package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.contact.ContactIds;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.OptInSettings;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.settings.SettingsValidator;
import com.example.whatsapp.optin.wire.Json;
import com.example.whatsapp.optin.wire.Timestamps;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API: consent lookups answered from the state stores (routed to the instance that owns
 * the contact), the effective settings and their writes, health, metrics and the API's OpenAPI
 * document.
 */
public final class ConsentApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsentApi.class);
    static final String FORWARDED_HEADER = "X-Optin-Forwarded";
    /** Which instance answered a contact lookup from its store (host:port of its application.server). */
    public static final String SERVED_BY_HEADER = "X-Optin-Served-By";
    static final String RETRY_AFTER_SECONDS = "2";

    /** A route as registered, for the OpenAPI check. */
    public record Route(String method, String path) {
    }

    private final Javalin app;
    private final List<Route> routes = new ArrayList<>();
    private final KafkaStreams streams;
    private final SettingsRegistry settings;
    private final SettingsValidator validator;
    private final SettingsWriter writer;
    private final ContactLookup lookup;
    private final String self;
    private final byte[] adminTokenHash;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier ready;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final byte[] openApi;

    /**
     * @param adminToken null or empty switches the settings-changing routes off
     * @param ready      the readiness condition (streams running, settings loaded)
     */
    public ConsentApi(KafkaStreams streams, HostInfo self, SettingsRegistry settings, java.util.Properties kafka,
                      String settingsTopic, String adminToken, PrometheusMeterRegistry metrics, BooleanSupplier ready) {
        this.streams = streams;
        this.settings = settings;
        this.validator = new SettingsValidator(settings.builtInOptOut());
        this.writer = new SettingsWriter(kafka, settingsTopic);
        this.lookup = new ContactLookup(streams, self);
        this.self = self.host() + ":" + self.port();
        this.adminTokenHash = adminToken == null || adminToken.isEmpty() ? null : sha256(adminToken);
        this.metrics = metrics;
        this.ready = ready;
        this.openApi = readOpenApi();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = 1_000_000L;
        });
        route(HandlerType.GET, "/v1/businesses/{businessId}/contacts/{contactId}", this::getContact);
        route(HandlerType.GET, "/v1/businesses/{businessId}/settings", this::getSettings);
        route(HandlerType.PUT, "/v1/businesses/{businessId}/settings", this::putSettings);
        route(HandlerType.DELETE, "/v1/businesses/{businessId}/settings", this::deleteSettings);
        route(HandlerType.GET, "/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        route(HandlerType.GET, "/health/ready", this::readiness);
        route(HandlerType.GET, "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        route(HandlerType.GET, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("HTTP {} {} failed", ctx.method(), ctx.matchedPath(), e);
            error(ctx, 500, "internal error");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "no route " + ctx.method() + " " + ctx.path());
            }
        });
    }

    private void route(HandlerType method, String path, Handler handler) {
        routes.add(new Route(method.name(), path));
        app.addHttpHandler(method, path, handler);
    }

    public ConsentApi start(int port) {
        app.start(port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        app.stop();
        writer.close();
    }

    private void getContact(Context ctx) throws IOException, InterruptedException {
        String businessId = ctx.pathParam("businessId");
        if (!ContactIds.isValidBusinessId(businessId)) {
            error(ctx, 400, "businessId must be " + ContactIds.BUSINESS_ID_RULE);
            return;
        }
        Optional<String> contactId = ContactIds.normalizeContactId(ctx.pathParam("contactId"));
        if (contactId.isEmpty()) {
            error(ctx, 400, "contactId must be a WhatsApp id: 5 to 20 digits, with an optional leading +, spaces or dashes");
            return;
        }
        String contactKey = ContactIds.contactKey(businessId, contactId.get());
        ContactLookup.Result result = lookup.find(contactKey);
        if (result instanceof ContactLookup.Found found) {
            ctx.header(SERVED_BY_HEADER, self);
            ctx.json(contactView(businessId, contactId.get(), found.consent()));
        } else if (result instanceof ContactLookup.ElsewhereAt elsewhere) {
            if (ctx.header(FORWARDED_HEADER) != null) {
                unavailable(ctx, "the contact's owner is moving");
                return;
            }
            forward(ctx, elsewhere.host(), "/v1/businesses/" + businessId + "/contacts/" + contactId.get());
        } else if (result instanceof ContactLookup.Unavailable unavailable) {
            unavailable(ctx, unavailable.reason());
        }
    }

    static Map<String, Object> contactView(String businessId, String contactId, ContactConsent consent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("businessId", businessId);
        view.put("contactId", contactId);
        ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
        view.put("status", c.status().name());
        view.put("changedAt", c.status() == ConsentStatus.UNKNOWN ? null : Timestamps.format(c.changedAtMillis()));
        view.put("trigger", c.trigger() == null ? null : c.trigger().name());
        view.put("keyword", c.keyword());
        view.put("sourceMessageId", c.sourceMessageId());
        return view;
    }

    private void forward(Context ctx, HostInfo owner, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + path))
                .timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, "1")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            unavailable(ctx, "the instance that owns the contact (" + owner.host() + ":" + owner.port() + ") does not answer");
            return;
        }
        ctx.status(response.statusCode());
        response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
        response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
        response.headers().firstValue(SERVED_BY_HEADER).ifPresent(v -> ctx.header(SERVED_BY_HEADER, v));
        ctx.result(response.body());
    }

    private void getSettings(Context ctx) {
        String businessId = ctx.pathParam("businessId");
        if (!ContactIds.isValidBusinessId(businessId)) {
            error(ctx, 400, "businessId must be " + ContactIds.BUSINESS_ID_RULE);
            return;
        }
        BusinessSettings effective = settings.forBusiness(businessId);
        OptInSettings configured = effective.settings();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("businessId", businessId);
        view.put("source", configured == null ? "defaults" : "configured");
        view.put("businessName", configured == null ? null : configured.businessName());
        OptInSettings.OptOut out = configured == null ? OptInSettings.OptOut.NONE : configured.optOut();
        OptInSettings.OptIn in = configured == null ? OptInSettings.OptIn.OFF : configured.optIn();
        Map<String, Object> optOut = new LinkedHashMap<>();
        optOut.put("keywords", out.keywords());
        optOut.put("builtInKeywords", settings.builtInOptOut());
        optOut.put("responseEnabled", out.responseEnabled());
        optOut.put("responseText", out.responseText());
        optOut.put("reply", effective.optOutReply());
        Map<String, Object> optIn = new LinkedHashMap<>();
        optIn.put("enabled", in.enabled());
        optIn.put("keywords", in.keywords());
        optIn.put("responseEnabled", in.responseEnabled());
        optIn.put("responseText", in.responseText());
        optIn.put("reply", effective.optInReply());
        view.put("optOut", optOut);
        view.put("optIn", optIn);
        ctx.json(view);
    }

    private void putSettings(Context ctx) {
        String businessId = ctx.pathParam("businessId");
        if (!authorized(ctx)) {
            return;
        }
        SettingsValidator.Result result = validator.validate(businessId, ctx.body());
        if (!result.valid()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid settings");
            body.put("problems", result.problems());
            ctx.status(400).json(body);
            return;
        }
        write(ctx, businessId, ctx.body());
    }

    private void deleteSettings(Context ctx) {
        String businessId = ctx.pathParam("businessId");
        if (!authorized(ctx)) {
            return;
        }
        if (!ContactIds.isValidBusinessId(businessId)) {
            error(ctx, 400, "businessId must be " + ContactIds.BUSINESS_ID_RULE);
            return;
        }
        write(ctx, businessId, null);
    }

    private void write(Context ctx, String businessId, String json) {
        try {
            RecordMetadata written = writer.write(businessId, json);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("businessId", businessId);
            body.put("result", json == null ? "deleted" : "written");
            body.put("topic", written.topic());
            body.put("partition", written.partition());
            body.put("offset", written.offset());
            log.info("Settings of business {} {} over HTTP", businessId, json == null ? "deleted" : "written");
            ctx.json(body);
        } catch (SettingsWriter.WriteFailedException e) {
            unavailable(ctx, e.getMessage());
        }
    }

    private boolean authorized(Context ctx) {
        if (adminTokenHash == null) {
            error(ctx, 403, "settings changes over HTTP are switched off: set optin.http.admin-token to switch them on");
            return false;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        // Hashing first makes the comparison's time independent of where, and whether, lengths differ.
        if (given == null || !MessageDigest.isEqual(sha256(given), adminTokenHash)) {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, 401, "a valid admin token is required: Authorization: Bearer <optin.http.admin-token>");
            return false;
        }
        return true;
    }

    private void readiness(Context ctx) {
        KafkaStreams.State state = streams.state();
        boolean loaded = settings.loaded();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready.getAsBoolean() ? "UP" : "DOWN");
        body.put("streams", state.name());
        body.put("settingsLoaded", loaded);
        if (!ready.getAsBoolean()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            ctx.status(503);
        }
        ctx.json(body);
    }

    private static void unavailable(Context ctx, String reason) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, reason);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readOpenApi() {
        try (InputStream in = ConsentApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

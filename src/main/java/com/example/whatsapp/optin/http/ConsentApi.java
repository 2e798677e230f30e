package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.DailyStatsQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.webhook.WebhookIngress;
import com.example.whatsapp.optin.records.ConsentRecordWriter;
import com.example.whatsapp.optin.kafka.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import io.javalin.security.RouteRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP API: the routes, who may call them, and how errors look ({@code {"error": "..."}},
 * every one). The routes only translate HTTP; the contact queries and the settings
 * administration behind them are handed in, and so is everything they own.
 */
public final class ConsentApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsentApi.class);
    /** Which instance answered a contact lookup from its store (host:port of its application.server). */
    public static final String SERVED_BY_HEADER = ContactQueries.SERVED_BY_HEADER;
    public static final String SERVED_FROM_HEADER = ContactQueries.SERVED_FROM_HEADER;
    static final String RETRY_AFTER_SECONDS = "2";

    /** A route as registered, for the OpenAPI check. */
    public record Route(String method, String path) {
    }

    private final Javalin app;
    private final AdminAccess access;
    private final List<Route> routes = new ArrayList<>();
    private final List<Route> personalDataRoutes = new ArrayList<>();

    /**
     * @param adminToken null or empty switches the settings-changing routes off
     * @param ready      the readiness condition (streams running, settings loaded)
     */
    public ConsentApi(ContactQueries contacts, SettingsAdmin settingsAdmin, SettingsRegistry settings,
                      Supplier<KafkaStreams.State> streamsState, BooleanSupplier ready, PrometheusMeterRegistry metrics,
                      String adminToken) {
        this(contacts, settingsAdmin, settings, streamsState, ready, metrics, adminToken, null, null);
    }

    /** @param recordWriter writes the consent records posted over HTTP; null: that route answers 503 */
    public ConsentApi(ContactQueries contacts, SettingsAdmin settingsAdmin, SettingsRegistry settings,
                      Supplier<KafkaStreams.State> streamsState, BooleanSupplier ready, PrometheusMeterRegistry metrics,
                      String adminToken, ConsentRecordWriter recordWriter) {
        this(contacts, settingsAdmin, settings, streamsState, ready, metrics, adminToken, recordWriter, null);
    }

    /**
     * @param recordWriter writes the consent records posted over HTTP; null: that route answers 503
     * @param stats        the daily counts of the console's chart; null: that route answers 503
     */
    public ConsentApi(ContactQueries contacts, SettingsAdmin settingsAdmin, SettingsRegistry settings,
                      Supplier<KafkaStreams.State> streamsState, BooleanSupplier ready, PrometheusMeterRegistry metrics,
                      String adminToken, ConsentRecordWriter recordWriter, DailyStatsQueries stats) {
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // For the bodies the routes read whole (settings); the webhook reads its own, at most 1 MiB.
            config.http.maxRequestSize = 1_000_000L;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            ConsolePage.assets(config);
        });
        this.access = new AdminAccess(adminToken);
        app.beforeMatched(access);
        app.exception(HttpResponseException.class, ConsentApi::error);
        app.exception(Exception.class, (e, ctx) -> {
            log.error("HTTP {} {} failed", ctx.method(), ctx.matchedPath(), e);
            ctx.status(500).json(new Responses.Error("internal error"));
        });

        ContactRoutes contact = new ContactRoutes(contacts);
        route(HandlerType.GET, ContactRoutes.CONTACT, contact::get, AdminAccess.Role.PERSONAL_DATA);
        route(HandlerType.GET, GateRoutes.MAY_SEND, new GateRoutes(contact, settings)::maySend, AdminAccess.Role.PERSONAL_DATA);

        SettingsRoutes settingsRoutes = new SettingsRoutes(settings, settingsAdmin);
        route(HandlerType.GET, SettingsRoutes.SETTINGS, settingsRoutes::get);
        route(HandlerType.PUT, SettingsRoutes.SETTINGS, settingsRoutes::put, AdminAccess.Role.ADMIN);
        route(HandlerType.DELETE, SettingsRoutes.SETTINGS, settingsRoutes::delete, AdminAccess.Role.ADMIN);
        route(HandlerType.GET, SettingsRoutes.LANGUAGE_PACKS, settingsRoutes::languagePacks);

        // v2: consent records and a contact's history
        RecordRoutes records = new RecordRoutes(recordWriter);
        route(HandlerType.POST, RecordRoutes.RECORDS, records::post, AdminAccess.Role.ADMIN);
        route(HandlerType.GET, RecordRoutes.HISTORY, ctx -> RecordRoutes.history(contact, ctx), AdminAccess.Role.PERSONAL_DATA);

        // The console (issue 14): the page, the businesses it offers, and the counts its chart draws.
        route(HandlerType.GET, ConsolePage.PATH, new ConsolePage()::get);
        route(HandlerType.GET, SettingsRoutes.BUSINESSES, settingsRoutes::list, AdminAccess.Role.ADMIN);
        StatsRoutes statsRoutes = new StatsRoutes(stats, Clock.systemUTC());
        route(HandlerType.GET, StatsRoutes.STATS, statsRoutes::get);

        OperationsRoutes operations = new OperationsRoutes(streamsState, settings, ready, metrics);
        route(HandlerType.GET, "/health/live", operations::live);
        route(HandlerType.GET, "/health/ready", operations::ready);
        route(HandlerType.GET, "/metrics", operations::metrics);
        route(HandlerType.GET, "/openapi.json", operations::openApi);
    }

    /**
     * Adds {@code /webhooks/whatsapp}, before {@link #start}.
     *
     * @param ingress null: the routes answer 404 (the webhook is off)
     */
    public ConsentApi webhook(WebhookIngress ingress) {
        WebhookRoutes webhook = new WebhookRoutes(ingress);
        route(HandlerType.GET, WebhookRoutes.WEBHOOK, webhook::verify);
        route(HandlerType.POST, WebhookRoutes.WEBHOOK, webhook::receive);
        return this;
    }

    /**
     * Requires {@code token} (or the admin token) on the routes that return a contact's data,
     * before {@link #start}.
     *
     * @param token null or empty: those routes are open, and {@link #start(String, int)} binds to a loopback address only
     */
    public ConsentApi readToken(String token) {
        access.readToken(token);
        return this;
    }

    private void route(HandlerType method, String path, Handler handler, RouteRole... roles) {
        routes.add(new Route(method.name(), path));
        if (List.of(roles).contains(AdminAccess.Role.PERSONAL_DATA)) {
            personalDataRoutes.add(new Route(method.name(), path));
        }
        app.addHttpHandler(method, path, handler, roles);
    }

    /** Javalin's own errors (no route, wrong method) and the routes' alike. */
    private static void error(HttpResponseException e, Context ctx) {
        String message = e.getMessage();
        if (e instanceof EndpointNotFound) {
            message = "no route " + ctx.method() + " " + ctx.path();
        } else if (e instanceof MethodNotAllowedResponse) {
            // Javalin names the path's methods in the exception's only detail.
            String allowed = String.join(", ", e.getDetails().values());
            ctx.header("Allow", allowed);
            message = ctx.req().getMethod() + " is not allowed on " + ctx.path() + "; allowed: " + allowed;
        } else if (e.getStatus() == HttpStatus.UNAUTHORIZED.getCode()) {
            ctx.header("WWW-Authenticate", "Bearer");
        } else if (e.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.getCode()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ctx.status(e.getStatus()).json(new Responses.Error(message));
    }

    /** Listens on the loopback address. */
    public ConsentApi start(int port) {
        return start(InetAddress.getLoopbackAddress().getHostAddress(), port);
    }

    /**
     * @param host the address to listen on; with no read token only a loopback address, since the
     *             routes that return contacts' data are then open
     */
    public ConsentApi start(String host, int port) {
        if (access.personalDataOpen() && !isLoopback(host)) {
            throw new IllegalStateException("contacts' data would be served on " + host + " without a token: set a read token");
        }
        app.start(host, port);
        return this;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public int port() {
        return app.port();
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The routes that return a contact's data, and so need the read token when one is set. */
    public List<Route> personalDataRoutes() {
        return List.copyOf(personalDataRoutes);
    }

    @Override
    public void close() {
        app.stop();
    }
}

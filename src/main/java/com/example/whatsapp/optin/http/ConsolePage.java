package com.example.whatsapp.optin.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The Opt-in Management console: one HTML page at {@code /} and its script, style sheet and icon
 * as static files, all from the jar. Every one is served with a Content-Security-Policy that
 * allows nothing but the service's own origin: no inline script, no outside script, font or
 * image, so text that slips into the page as markup still runs nothing.
 */
final class ConsolePage {

    static final String PATH = "/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");
    private static final String DIRECTORY = "/com/example/whatsapp/optin/console";

    private final byte[] page = read(DIRECTORY + "/console.html");

    /** The page's assets: console.js, console.css, favicon.svg. */
    static void assets(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = DIRECTORY;
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
        });
    }

    void get(Context ctx) {
        HEADERS.forEach(ctx::header);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsolePage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.example.whatsapp.optin.http;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may call a route, from the role it is declared with (the handlers never check):
 * <ul>
 *   <li>{@link Role#ADMIN}: routes that change something or list every business. They need
 *       {@code Authorization: Bearer <optin.http.admin-token>}; with no admin token configured
 *       they are switched off (403).</li>
 *   <li>{@link Role#PERSONAL_DATA}: every route that returns a contact's data (lookup, history,
 *       may-send, lists, reviews, exports). With a read token configured they need
 *       {@code Authorization: Bearer <optin.http.read-token>} or the admin token (401 otherwise);
 *       without one they are open, because the service then listens on the loopback address only
 *       (config/ServiceConfig refuses any other).</li>
 *   <li>No role: health, metrics, the console page, settings and daily counts, which hold no
 *       contact's data.</li>
 * </ul>
 * A new route that answers with a contact's data declares {@code Role.PERSONAL_DATA}; the route
 * test {@code ConsentApiAccessTest} fails for any route of the OpenAPI document that returns a
 * contact and is declared without it.
 */
final class AdminAccess implements Handler {

    enum Role implements RouteRole {
        ADMIN,
        PERSONAL_DATA
    }

    private final byte[] adminHash;
    private volatile byte[] readHash;

    /** @param adminToken null or empty switches the admin routes off */
    AdminAccess(String adminToken) {
        this.adminHash = hash(adminToken);
    }

    /** @param readToken null or empty leaves the personal-data routes open (loopback only) */
    void readToken(String readToken) {
        this.readHash = hash(readToken);
    }

    boolean personalDataOpen() {
        return readHash == null;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.routeRoles().contains(Role.ADMIN)) {
            if (adminHash == null) {
                throw new ForbiddenResponse("changes over HTTP (settings, consent records) are switched off: set optin.http.admin-token to switch them on");
            }
            if (!matches(bearer(ctx), adminHash)) {
                throw new UnauthorizedResponse("a valid admin token is required: Authorization: Bearer <optin.http.admin-token>");
            }
        } else if (ctx.routeRoles().contains(Role.PERSONAL_DATA)) {
            byte[] read = readHash;
            if (read == null) {
                return;
            }
            byte[] given = bearer(ctx);
            // Both compared, always: the time taken does not tell which token came close.
            boolean isRead = matches(given, read);
            boolean isAdmin = matches(given, adminHash);
            if (!isRead && !isAdmin) {
                throw new UnauthorizedResponse("a contact's data needs a token: Authorization: Bearer <optin.http.read-token> (or the admin token)");
            }
        }
    }

    /** The hash of the bearer token sent, or null. */
    private static byte[] bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? hash(header.substring(7).trim()) : null;
    }

    /** Hashing first makes the comparison's time independent of where, and whether, lengths differ. */
    private static boolean matches(byte[] givenHash, byte[] expectedHash) {
        return givenHash != null && expectedHash != null && MessageDigest.isEqual(givenHash, expectedHash);
    }

    private static byte[] hash(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
 * Guards the routes declared with {@link Role#ADMIN}: they need {@code Authorization: Bearer
 * <optin.http.admin-token>}, and with no token configured they are switched off (403). Runs before
 * the handler of every matched route; the handlers never check.
 */
final class AdminAccess implements Handler {

    enum Role implements RouteRole {
        ADMIN
    }

    private final byte[] tokenHash;

    /** @param adminToken null or empty switches the admin routes off */
    AdminAccess(String adminToken) {
        this.tokenHash = adminToken == null || adminToken.isEmpty() ? null : sha256(adminToken);
    }

    @Override
    public void handle(Context ctx) {
        if (!ctx.routeRoles().contains(Role.ADMIN)) {
            return;
        }
        if (tokenHash == null) {
            throw new ForbiddenResponse("changes over HTTP (settings, consent records) are switched off: set optin.http.admin-token to switch them on");
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        // Hashing first makes the comparison's time independent of where, and whether, lengths differ.
        if (given == null || !MessageDigest.isEqual(sha256(given), tokenHash)) {
            throw new UnauthorizedResponse("a valid admin token is required: Authorization: Bearer <optin.http.admin-token>");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

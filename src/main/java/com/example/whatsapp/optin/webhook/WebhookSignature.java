package com.example.whatsapp.optin.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw
 * body bytes under the app secret. The secret stays inside the {@link Mac}; nothing here prints it.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_HEX_LENGTH = 64;

    private final Mac keyed;

    public WebhookSignature(String appSecret) {
        if (appSecret == null || appSecret.isEmpty()) {
            throw new IllegalArgumentException("the app secret must not be empty");
        }
        try {
            keyed = Mac.getInstance(ALGORITHM);
            keyed.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }

    /**
     * True when {@code header} is the signature of exactly these bytes. The digests are compared in
     * constant time; a header of the wrong form is refused before any comparison, which tells an
     * attacker nothing about the secret.
     */
    public boolean matches(byte[] body, String header) {
        if (header == null || header.length() != PREFIX.length() + DIGEST_HEX_LENGTH || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(digest(body), claimed);
    }

    /** The header value Meta would send with these bytes. */
    public String header(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(digest(body));
    }

    private byte[] digest(byte[] body) {
        return mac().doFinal(body);
    }

    /** A Mac is not thread-safe: each use gets a copy of the keyed one. */
    private Mac mac() {
        try {
            return (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(ALGORITHM + " cannot be copied", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[" + ALGORITHM + ", secret hidden]";
    }
}

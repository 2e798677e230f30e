package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.webhook.WebhookIngress;
import com.example.whatsapp.optin.webhook.WebhookSignature;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code /webhooks/whatsapp}: Meta's verification handshake and its signed posts. Off (404) when
 * no app secret is configured. A post's body is read here, at most 1 MiB of it, and handed on as
 * raw bytes; the answer to a signed one waits for Kafka's acknowledgement without holding a
 * request thread.
 */
final class WebhookRoutes {

    static final String WEBHOOK = "/webhooks/whatsapp";
    private static final String SIGNATURE_HEADER = WebhookSignature.HEADER;

    /** Null: the webhook is off. */
    private final WebhookIngress ingress;

    WebhookRoutes(WebhookIngress ingress) {
        this.ingress = ingress;
    }

    void verify(Context ctx) {
        WebhookIngress on = on(ctx);
        String challenge = on.handshake(ctx.queryParam("hub.mode"), ctx.queryParam("hub.verify_token"),
                ctx.queryParam("hub.challenge"));
        if (challenge == null) {
            ctx.status(403).json(new Responses.Error("the verification needs hub.mode=subscribe, the configured verify"
                    + " token (optin.webhook.verify-token) and hub.challenge"));
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff").contentType("text/plain; charset=utf-8").result(challenge);
    }

    void receive(Context ctx) throws IOException {
        WebhookIngress on = on(ctx);
        byte[] body = boundedBody(ctx);
        if (body == null) {
            on.tooLarge();
            ctx.status(413).json(new Responses.Error("the body is over " + WebhookIngress.MAX_BODY_BYTES + " bytes (1 MiB)"));
            return;
        }
        if (!on.signed(body, ctx.header(SIGNATURE_HEADER))) {
            ctx.status(401).json(new Responses.Error(SIGNATURE_HEADER
                    + " is missing or is not the HMAC-SHA256 of this body under the app secret"));
            return;
        }
        ctx.future(() -> on.write(body).handle((written, failure) -> {
            if (failure == null) {
                ctx.json(Responses.WebhookWritten.of(written.topic(), written.partition(), written.offset()));
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                String why = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                        ? "Kafka did not acknowledge the write within " + on.writeTimeout().toMillis() + " ms"
                        : "Kafka did not take the write";
                ctx.status(503).header("Retry-After", ConsentApi.RETRY_AFTER_SECONDS)
                        .json(new Responses.Error(why + "; nothing was acknowledged: retry"));
            }
            return null;
        }));
    }

    private WebhookIngress on(Context ctx) {
        if (ingress == null) {
            throw new NotFoundResponse("no route " + ctx.method() + " " + ctx.path()
                    + ": the webhook is off until optin.webhook.app-secret is set");
        }
        return ingress;
    }

    /**
     * The raw body, or null when it is over the limit: a declared length over it is refused
     * before a byte is read, and a chunked body is read no further than one byte past it.
     */
    private static byte[] boundedBody(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > WebhookIngress.MAX_BODY_BYTES) {
            return null;
        }
        InputStream in = ctx.req().getInputStream();
        byte[] body = in.readNBytes(WebhookIngress.MAX_BODY_BYTES + 1);
        return body.length > WebhookIngress.MAX_BODY_BYTES ? null : body;
    }
}

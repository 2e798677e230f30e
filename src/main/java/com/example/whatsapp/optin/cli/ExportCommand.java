package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exports a business's suppression list (or its opted-in contacts) from the service's HTTP API,
 * every page of it, as CSV or JSON lines: for the tools that do not read Kafka.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports the business's contacts whose status (in --scope) is --status, every page of"
                + " GET /v1/businesses/{b}/contacts, as CSV (header contactId,status,changedAt,trigger,scope) or JSON lines"
                + " (each contact's lookup body). A progress line per page on stderr.",
                "Exit code: 0 every contact exported, 1 the service failed or did not answer, 2 bad input (an option, or the"
                        + " service refused the request or the token)."})
public final class ExportCommand implements Callable<Integer> {

    static final String CSV_HEADER = "contactId,status,changedAt,trigger,scope";
    /** How long a page may keep answering 503 (starting, rebalancing) before the export gives up. */
    static final Duration UNAVAILABLE_FOR_AT_MOST = Duration.ofSeconds(120);

    enum Format { csv, jsonl }

    @Mixin
    ServiceOptions service;

    @Mixin
    BusinessOption business;

    @Mixin
    AdminTokenOption token;

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "OPTED_OUT",
            description = "OPTED_OUT (default) or OPTED_IN.")
    String status;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "ALL",
            description = "ALL (default: the status) or MARKETING (the marketing status).")
    String scope;

    @Option(names = "--changed-since", paramLabel = "TIME",
            description = "Only contacts whose status changed at or after TIME (ISO-8601, e.g. 2026-11-24T00:00:00Z, or a UTC day).")
    String changedSince;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv (default) or jsonl.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write (default: standard output); written"
            + " complete or not at all.")
    Path output;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "10000", description = "Contacts per page, 1 to 10000"
            + " (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String businessId = business.value();
        if (!status.equals("OPTED_OUT") && !status.equals("OPTED_IN")) {
            throw new IllegalArgumentException("--status must be OPTED_OUT or OPTED_IN");
        }
        if (!scope.equals("ALL") && !scope.equals("MARKETING")) {
            throw new IllegalArgumentException("--scope must be ALL or MARKETING");
        }
        Format chosen;
        try {
            chosen = Format.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be csv or jsonl");
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("--page-size must be 1 to 10000");
        }
        ServiceConfig loaded = service.load();
        ApiClient client = service.client(loaded, token);
        String query = "status=" + status + "&scope=" + scope + "&limit=" + pageSize
                + (changedSince == null ? "" : "&changedSince=" + URLEncoder.encode(changedSince, StandardCharsets.UTF_8));
        String path = "/v1/businesses/" + businessId + "/contacts?" + query;
        PrintWriter err = spec.commandLine().getErr();

        Path partial = output == null ? null
                : output.resolveSibling(output.getFileName() + ".part");
        Writer sink = output == null
                ? spec.commandLine().getOut()
                : Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        long started = System.nanoTime();
        long contacts = 0;
        int pages = 0;
        boolean complete = false;
        // One page ahead: the service answers the next page while this thread writes the current one.
        ExecutorService ahead = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "export-next-page");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CSVPrinter csv = chosen == Format.csv ? new CSVPrinter(sink, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get()) : null;
            if (csv != null) {
                csv.printRecord((Object[]) CSV_HEADER.split(","));
            }
            boolean marketing = scope.equals("MARKETING");
            Future<JsonNode> next = ahead.submit(() -> page(client, path));
            while (next != null) {
                JsonNode page = awaited(next);
                JsonNode cursor = page.path("next");
                next = cursor.isTextual() ? ahead.submit(() -> page(client, path + "&cursor=" + cursor.asText())) : null;
                for (JsonNode contact : page.path("contacts")) {
                    if (csv != null) {
                        csv.printRecord(contact.path("contactId").asText(),
                                text(contact, marketing ? "marketingStatus" : "status"),
                                text(contact, marketing ? "marketingChangedAt" : "changedAt"),
                                marketing ? "" : text(contact, "trigger"), scope);
                    } else {
                        sink.write(Json.mapper().writeValueAsString(contact));
                        sink.write('\n');
                    }
                    contacts++;
                }
                pages++;
                double seconds = (System.nanoTime() - started) / 1e9;
                err.println(String.format(Locale.ROOT, "page %,d: %,d contacts, %,.0f contacts/s", pages, contacts,
                        contacts / Math.max(seconds, 1e-9)));
                err.flush();
            }
            sink.flush();
            complete = true;
        } finally {
            ahead.shutdownNow();
            if (output != null) {
                sink.close();
                if (complete) {
                    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(partial);
                }
            } else {
                sink.flush();
            }
        }
        err.println(String.format(Locale.ROOT, "exported %,d contacts of %s (%s, scope %s) in %,d pages to %s in %.1f s",
                contacts, businessId, status, scope, pages, output == null ? "standard output" : output,
                (System.nanoTime() - started) / 1e9));
        err.flush();
        return 0;
    }

    private static String text(JsonNode contact, String field) {
        JsonNode value = contact.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    /** The page {@code next} fetched, or what failed it, as fetching it on this thread would have thrown it. */
    private static JsonNode awaited(Future<JsonNode> next) throws IOException, InterruptedException {
        try {
            return next.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** One page, waited for while the service answers 503 (starting, rebalancing), for at most {@link #UNAVAILABLE_FOR_AT_MOST}. */
    private JsonNode page(ApiClient client, String path) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + UNAVAILABLE_FOR_AT_MOST.toNanos();
        while (true) {
            ApiClient.BytesResponse response = client.get(path);
            if (response.status() == 200) {
                return Json.mapper().readTree(response.body());
            }
            String error = error(response.body());
            if (response.status() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(Math.max(200, Math.min(response.retryAfter(), 5) * 1000));
                continue;
            }
            String message = "the service answered " + response.status() + (error == null ? "" : ": " + error);
            if (response.status() / 100 == 4) {
                throw new IllegalArgumentException(message);
            }
            throw new IllegalStateException(message);
        }
    }

    private static String error(byte[] body) {
        try {
            JsonNode error = Json.mapper().readTree(body).path("error");
            return error.isTextual() ? error.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

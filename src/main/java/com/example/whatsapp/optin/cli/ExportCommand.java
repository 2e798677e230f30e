package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.StringWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            Future<Page> next = ahead.submit(() -> page(client, path, chosen, marketing));
            while (next != null) {
                Page page = awaited(next);
                next = page.next() == null ? null
                        : ahead.submit(() -> page(client, path + "&cursor=" + page.next(), chosen, marketing));
                for (String[] row : page.rows()) {
                    csv.printRecord(row[0], row[1], row[2], row[3], scope);
                }
                for (String line : page.lines()) {
                    sink.write(line);
                    sink.write('\n');
                }
                contacts += page.rows().size() + page.lines().size();
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

    /**
     * A page as the export writes it, in one of the formats: per contact, its CSV row without the
     * scope (contactId, status, changedAt, trigger), or its lookup body as one line of JSON; and the
     * cursor of the next page, null on the last.
     */
    record Page(List<String[]> rows, List<String> lines, String next) {
    }

    /**
     * Reads a page's body as it streams by: only the CSV's fields of each contact, or each contact's
     * JSON copied as it is, without a tree of the page.
     */
    static Page parse(byte[] body, Format format, boolean marketing) throws IOException {
        JsonFactory factory = Json.mapper().getFactory();
        List<String[]> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String next = null;
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a page must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("contacts") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        if (format == Format.csv) {
                            rows.add(row(parser, marketing));
                        } else {
                            lines.add(copy(factory, parser));
                        }
                    }
                } else if (field.equals("next")) {
                    next = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "a page must be one JSON object");
            }
        }
        return new Page(rows, lines, next);
    }

    /** The contact's CSV fields; a field absent or not text is empty (the contactId as JSON writes it). */
    private static String[] row(JsonParser contact, boolean marketing) throws IOException {
        String[] row = {"", "", "", ""};
        while (contact.nextToken() == JsonToken.FIELD_NAME) {
            String field = contact.currentName();
            JsonToken value = contact.nextToken();
            int column = switch (field) {
                case "contactId" -> 0;
                case "status" -> marketing ? -1 : 1;
                case "marketingStatus" -> marketing ? 1 : -1;
                case "changedAt" -> marketing ? -1 : 2;
                case "marketingChangedAt" -> marketing ? 2 : -1;
                case "trigger" -> marketing ? -1 : 3;
                default -> -1;
            };
            if (column == 0) {
                row[0] = value.isScalarValue() ? contact.getText() : "";
            } else if (column > 0) {
                row[column] = value == JsonToken.VALUE_STRING ? contact.getText() : "";
            }
            contact.skipChildren();
        }
        return row;
    }

    private static String copy(JsonFactory factory, JsonParser contact) throws IOException {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator generator = factory.createGenerator(line)) {
            generator.copyCurrentStructure(contact);
        }
        return line.toString();
    }

    /** The page {@code next} fetched, or what failed it, as fetching it on this thread would have thrown it. */
    private static Page awaited(Future<Page> next) throws IOException, InterruptedException {
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
    private static Page page(ApiClient client, String path, Format format, boolean marketing)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + UNAVAILABLE_FOR_AT_MOST.toNanos();
        while (true) {
            ApiClient.BytesResponse response = client.get(path);
            if (response.status() == 200) {
                return parse(response.body(), format, marketing);
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

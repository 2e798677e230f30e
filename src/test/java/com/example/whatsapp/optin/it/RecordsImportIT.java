package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.http.OpenApiContract;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 10,000-row CSV, with bad rows, imported through the command line into a real broker and
 * decided by the service: every good row's event, every row the import rejects (with its line), and
 * every record the service rejects (in the records' dead-letter topic); a second import of the same
 * file changes nothing.
 */
class RecordsImportIT {

    private static final int ROWS = 10_000;
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    private static Map<String, String> config;
    private static ConsentService service;
    private static Path configFile;
    private static Path csv;
    /** The rows the service must decide, by contact key: {status, trigger, recordId or null, consentText}. */
    private static final Map<String, String[]> expected = new HashMap<>();
    /** Line number to the rule the import names. */
    private static final Map<Integer, String> rejectedByImport = new HashMap<>();
    private static int rejectedByService;

    @BeforeAll
    static void start() throws IOException {
        config = TestKafka.isolatedConfig("records-import");
        Topics topics = TestKafka.topics(config);
        TopicSetup.prepare(ServiceConfig.defaultsWith(config), TestKafka.bootstrapServers(), true);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
        }
        service = TestKafka.start(config);
        Properties props = new Properties();
        props.putAll(config);
        configFile = Files.createTempFile("records-import", ".properties");
        try (Writer w = Files.newBufferedWriter(configFile)) {
            props.store(w, null);
        }
        csv = Files.createTempFile("records-import", ".csv");
        writeCsv(csv);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static void writeCsv(Path file) throws IOException {
        List<String> bad = List.of(
                "MAYBE-status", "contact", "future", "no-proof", "channel", "fields");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("contactId,status,occurredAt,consentText,source,recordId,channel\r\n");
            for (int i = 0; i < ROWS; i++) {
                int line = i + 2;
                String contact = Long.toString(910_000_000_000L + i);
                String time = i % 2 == 0 ? Long.toString(T0 + i) : Instant.ofEpochSecond(T0 + i).toString();
                String text = i % 5 == 0 ? "Yes, \"\"please\"\", send Acme Store offers on WhatsApp (row " + i + ")"
                        : "Acme Store may message me on WhatsApp, row " + i;
                if (i % 100 == 7) {
                    String kind = bad.get((i / 100) % bad.size());
                    String row = switch (kind) {
                        case "MAYBE-status" -> contact + ",MAYBE," + time + ",\"" + text + "\",web,,";
                        case "contact" -> "12ab,OPTED_IN," + time + ",\"" + text + "\",web,,";
                        case "future" -> contact + ",OPTED_IN,2099-01-01T00:00:00Z,\"" + text + "\",web,,";
                        case "no-proof" -> contact + ",OPTED_IN," + time + ",,,,";
                        case "channel" -> contact + ",OPTED_IN," + time + ",\"" + text + "\",web,,FAX";
                        default -> contact + ",OPTED_IN," + time + ",\"" + text + "\"";
                    };
                    rejectedByImport.put(line, switch (kind) {
                        case "MAYBE-status" -> "status must be OPTED_IN or OPTED_OUT";
                        case "contact" -> "contactId is not a WhatsApp id (5 to 20 digits)";
                        case "future" -> "occurredAt is more than 5 minutes after the service's clock";
                        case "no-proof" -> "proof is required for OPTED_IN";
                        case "channel" -> "channel must be one of WEBSITE_FORM, IN_APP, SOCIAL_AD, QR_CODE, SMS, EMAIL, IMPORT, AGENT";
                        default -> "expected 7 fields, found 4";
                    });
                    w.write(row + "\r\n");
                } else if (i % 100 == 42) {
                    rejectedByService++;
                    w.write(contact + ",OPTED_IN," + time + ",I agree to WhatsApp messages from Globex,web,,\r\n");
                } else {
                    boolean optIn = i % 3 != 0;
                    boolean fromCrm = i % 10 == 1;
                    String recordId = fromCrm ? "crm-" + i : "";
                    String channel = fromCrm ? "WEBSITE_FORM" : "";
                    w.write(contact + "," + (optIn ? "OPTED_IN" : "OPTED_OUT") + "," + time + ",\"" + text + "\","
                            + "https://acme.example/form," + recordId + "," + channel + "\r\n");
                    expected.put("acme:" + contact, new String[] {optIn ? "OPTED_IN" : "OPTED_OUT", fromCrm ? "WEBSITE_FORM" : "IMPORT",
                            fromCrm ? recordId : null, text.replace("\"\"", "\"")});
                }
            }
        }
    }

    private CliRun runImport() {
        return CliRun.of("import", "--config", configFile.toString(), "--business", "acme", "--file", csv.toString(),
                "--progress-seconds", "1");
    }

    private static JsonNode httpJson(String url) {
        java.net.http.HttpResponse<String> response = OpenApiContract.send(java.net.http.HttpClient.newHttpClient(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)), "GET", null, null);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void every_row_is_decided_or_rejected_with_its_reason_and_a_second_import_changes_nothing() {
        Topics topics = TestKafka.topics(config);
        CliRun run = runImport();
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        Map<Integer, String> listed = new HashMap<>();
        Matcher rejected = Pattern.compile("(?m)^rejected line (\\d+): (.*)$").matcher(run.out());
        while (rejected.find()) {
            listed.put(Integer.parseInt(rejected.group(1)), rejected.group(2));
        }
        assertThat(listed).isEqualTo(rejectedByImport);
        int good = ROWS - rejectedByImport.size();
        assertThat(run.out()).contains(String.format("imported %,d of %,d rows to %s (%,d rejected) in ", good, ROWS,
                topics.consentRecords().name(), rejectedByImport.size()));

        List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), expected.size(),
                Duration.ofSeconds(120));
        assertThat(events).hasSize(expected.size());
        Map<String, String> recordIds = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : events) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            String[] want = expected.get(key);
            assertThat(want).as("an event for %s", key).isNotNull();
            JsonNode event = json(record);
            assertThat(event.get("status").asText()).as(key).isEqualTo(want[0]);
            assertThat(event.get("previousStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(event.get("trigger").asText()).as(key).isEqualTo(want[1]);
            assertThat(event.get("scope").asText()).isEqualTo("ALL");
            if (want[2] != null) {
                assertThat(event.get("sourceRecordId").asText()).isEqualTo(want[2]);
            } else {
                assertThat(event.get("sourceRecordId").asText()).startsWith("import-");
            }
            assertThat(event.get("proof").get("consentText").asText()).isEqualTo(want[3]);
            assertThat(event.get("proof").get("source").asText()).isEqualTo("https://acme.example/form");
            assertThat(recordIds.put(event.get("sourceRecordId").asText(), key)).as("record ids are distinct").isNull();
        }

        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readAtLeast(topics.consentRecordsDeadLetter().name(),
                rejectedByService, Duration.ofSeconds(60));
        assertThat(dead).hasSize(rejectedByService);
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            assertThat(header(record, "__streams.errors.message")).isEqualTo("proof.consentText does not name the business (Acme Store)");
            assertThat(header(record, "__streams.errors.exception")).isNotBlank();
            assertThat(json(record).get("proof").get("consentText").asText()).isEqualTo("I agree to WhatsApp messages from Globex");
        }
        assertThat(TestKafka.readUntil(topics.replyCommands().name(), r -> true, Duration.ofSeconds(3))).isEmpty();

        // the history and the lookup of one imported contact, from the service, as the OpenAPI document says
        String contact = expected.keySet().stream().filter(k -> "WEBSITE_FORM".equals(expected.get(k)[1])).findFirst().orElseThrow();
        String base = "http://localhost:" + config.get("optin.http.port") + "/v1/businesses/acme/contacts/" + contact.substring(5);
        JsonNode history = httpJson(base + "/history");
        assertThat(history.get("changes")).hasSize(1);
        assertThat(history.get("changes").get(0).get("sourceRecordId").asText()).isEqualTo(expected.get(contact)[2]);
        assertThat(history.get("changes").get(0).get("proof").get("consentText").asText()).isEqualTo(expected.get(contact)[3]);
        assertThat(httpJson(base).get("sourceRecordId").asText()).isEqualTo(expected.get(contact)[2]);

        CliRun again = runImport();
        assertThat(again.exitCode()).isEqualTo(2);
        // every record of the second import is read and found to be a redelivery
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> service.counters().duplicates().count() >= expected.size());
        assertThat(TestKafka.readAtLeast(topics.consentRecordsDeadLetter().name(), 2 * rejectedByService, Duration.ofSeconds(60)))
                .hasSize(2 * rejectedByService);
        assertThat(TestKafka.readUntil(topics.consentEvents().name(), r -> r.size() >= expected.size(), Duration.ofSeconds(30)))
                .as("a re-import changes nothing").hasSize(expected.size());
        assertThat(service.counters().duplicates().count()).isEqualTo(expected.size());
    }
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports a CSV file of consent collected elsewhere as ConsentRecords. Every row is checked with
 * the service's validator first (all rules but the proof's naming of the business, which needs the
 * business's settings: the service checks that one and sends such a record to the records'
 * dead-letter topic). A row without a recordId gets a stable one from its content, so importing the
 * same file again changes nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports a CSV file of consent records (header row; columns contactId,status,occurredAt,consentText,source;"
                + " optional recordId and channel, default IMPORT) to the consent-records topic.",
                "Exit code: 0 every row written, 1 Kafka failed, 2 bad input (an unreadable file, or rejected rows: the valid rows are"
                        + " still written)."})
public final class ImportCommand implements Callable<Integer> {

    static final List<String> REQUIRED_COLUMNS = List.of("contactId", "status", "occurredAt", "consentText", "source");

    @Mixin
    ConfigOptions config;

    @Mixin
    BusinessOption business;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The CSV file (UTF-8).")
    Path file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Default: the config's, else the embedded broker's.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Default: the config's optin.topic.consent-records.")
    String topic;

    @Option(names = "--progress-seconds", paramLabel = "SECONDS", defaultValue = "2",
            description = "How often a progress line is printed on a long import (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String businessId = business.value();
        ServiceConfig loaded = config.load();
        String target = topic != null ? topic : loaded.topics().consentRecords().name();
        Properties props = loaded.kafkaProperties(config.bootstrap(loaded, bootstrapServers));
        PrintWriter out = spec.commandLine().getOut();
        try (Reader reader = InputFiles.open(file);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(reader)) {
            List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !csv.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(file + ": the header has no column " + String.join(", ", missing)
                        + " (needed: " + String.join(",", REQUIRED_COLUMNS) + "; optional: recordId, channel)");
            }
            KafkaOptions.acknowledgedProducer(props);
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
            return importRows(csv, businessId, target, props, out);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    private int importRows(CSVParser csv, String businessId, String target, Properties props, PrintWriter out)
            throws InterruptedException {
        ConsentRecordValidator validator = new ConsentRecordValidator(null, Clock.systemUTC());
        Map<String, Integer> columns = csv.getHeaderMap();
        long started = System.nanoTime();
        long nextProgress = started + progressSeconds * 1_000_000_000L;
        long rows = 0;
        long rejected = 0;
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long line = 2;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (CSVRecord row : csv) {
                long rowLine = line;
                line = csv.getCurrentLineNumber() + 1;
                rows++;
                String problem;
                if (row.size() != columns.size()) {
                    problem = "expected " + columns.size() + " fields, found " + row.size();
                } else {
                    ObjectNode record = record(businessId, row, columns);
                    ConsentRecordValidator.Result result = validator.validate(record, businessId);
                    if (result.valid()) {
                        producer.send(new ProducerRecord<>(target, result.request().contactKey(), json(record)), (meta, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                failure.compareAndSet(null, e.getMessage());
                            }
                        });
                        problem = null;
                    } else {
                        problem = result.message();
                    }
                }
                if (problem != null) {
                    rejected++;
                    out.println("rejected line " + rowLine + ": " + problem);
                }
                long now = System.nanoTime();
                if (progressSeconds > 0 && now >= nextProgress) {
                    out.println(progress(rows, rejected, now - started));
                    out.flush();
                    nextProgress = now + progressSeconds * 1_000_000_000L;
                }
            }
            producer.flush();
        }
        long written = rows - rejected - failed.get();
        out.println(String.format(Locale.ROOT, "imported %,d of %,d rows to %s (%,d rejected%s) in %.1f s",
                written, rows, target, rejected, failed.get() == 0 ? "" : ", " + failed.get() + " not acknowledged by Kafka",
                (System.nanoTime() - started) / 1e9));
        out.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException("Kafka did not acknowledge " + failed.get() + " record(s): " + failure.get());
        }
        return rejected > 0 ? 2 : 0;
    }

    private static String progress(long rows, long rejected, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "%,d rows read, %,.0f rows/s, %,d rejected", rows, rows / seconds, rejected);
    }

    /** The row as a ConsentRecord; its recordId, when the row has none, a digest of the business and the row. */
    static ObjectNode record(String businessId, CSVRecord row, Map<String, Integer> columns) {
        String contactId = row.get("contactId");
        String status = row.get("status");
        String occurredAt = row.get("occurredAt");
        String consentText = row.get("consentText");
        String source = row.get("source");
        String channel = optional(row, columns, "channel");
        String recordId = optional(row, columns, "recordId");
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("recordId", recordId.isEmpty()
                ? stableId(businessId, contactId, status, occurredAt, consentText, source, channel) : recordId);
        record.put("businessId", businessId);
        record.put("contactId", contactId);
        record.put("status", status);
        record.put("channel", channel.isEmpty() ? "IMPORT" : channel);
        if (!occurredAt.isEmpty() && occurredAt.length() <= 12 && occurredAt.chars().allMatch(Character::isDigit)) {
            record.put("occurredAt", Long.parseLong(occurredAt));
        } else if (!occurredAt.isEmpty()) {
            record.put("occurredAt", occurredAt);
        }
        if (!consentText.isEmpty() || !source.isEmpty()) {
            ObjectNode proof = record.putObject("proof");
            if (!consentText.isEmpty()) {
                proof.put("consentText", consentText);
            }
            if (!source.isEmpty()) {
                proof.put("source", source);
            }
        }
        return record;
    }

    private static String optional(CSVRecord row, Map<String, Integer> columns, String column) {
        return columns.containsKey(column) ? row.get(column) : "";
    }

    static String stableId(String businessId, String... fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(businessId.getBytes(StandardCharsets.UTF_8));
            for (String field : fields) {
                sha.update((byte) 0);
                sha.update(field.getBytes(StandardCharsets.UTF_8));
            }
            return "import-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(ObjectNode record) {
        try {
            return Json.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

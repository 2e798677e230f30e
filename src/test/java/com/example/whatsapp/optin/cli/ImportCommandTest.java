package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.Main;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The import's rows as ConsentRecords and its bad input, without Kafka (the broker IT imports for real). */
class ImportCommandTest {

    private static final String HEADER = "contactId,status,occurredAt,consentText,source,recordId,channel\n";

    private static ObjectNode first(String csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get()
                .parse(new StringReader(csv))) {
            CSVRecord row = parser.iterator().next();
            return ImportCommand.record("acme", row, parser.getHeaderMap());
        }
    }

    @Test
    void a_row_becomes_a_consent_record_with_its_proof_and_the_import_channel() throws IOException {
        ObjectNode record = first(HEADER + "+91 98765-43210,OPTED_IN,1764000000,\"Yes, \"\"Acme Store\"\" on WhatsApp\",web,,\n");
        assertThat(record.get("businessId").asText()).isEqualTo("acme");
        assertThat(record.get("channel").asText()).isEqualTo("IMPORT");
        assertThat(record.get("occurredAt").isNumber()).isTrue();
        assertThat(record.get("proof").get("consentText").asText()).isEqualTo("Yes, \"Acme Store\" on WhatsApp");
        assertThat(record.get("proof").get("source").asText()).isEqualTo("web");
        assertThat(record.get("recordId").asText()).matches("import-[0-9a-f]{32}");
    }

    @Test
    void a_row_s_record_id_is_stable_and_changes_with_its_content_or_business() throws IOException {
        String row = "919876543210,OPTED_OUT,2026-11-20T09:30:00Z,,,,\n";
        String id = first(HEADER + row).get("recordId").asText();
        assertThat(first(HEADER + row).get("recordId").asText()).isEqualTo(id);
        assertThat(first(HEADER + row.replace("09:30", "09:31")).get("recordId").asText()).isNotEqualTo(id);
        assertThat(ImportCommand.stableId("acme", "a", "b")).isNotEqualTo(ImportCommand.stableId("globex", "a", "b"))
                .isNotEqualTo(ImportCommand.stableId("acme", "ab", ""));
        assertThat(first(HEADER + "919876543210,OPTED_OUT,1764000000,,,crm-7,AGENT\n").get("recordId").asText()).isEqualTo("crm-7");
    }

    @Test
    void a_file_without_the_required_columns_or_no_file_is_bad_input() throws IOException {
        Path csv = Files.createTempFile("import", ".csv");
        Files.writeString(csv, "contactId,status\n919876543210,OPTED_OUT\n");
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("import", "--business", "acme", "--file", csv.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the header has no column occurredAt, consentText, source");
        assertThat(cli.execute("import", "--business", "acme", "--file", csv + ".nope")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
    }
}

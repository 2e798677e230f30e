package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A page read as it streams by gives what a tree of it gave: the same CSV fields, the same JSON lines. */
class ExportCommandTest {

    private static final String PAGE = """
            {"businessId":"acme","status":"OPTED_OUT","scope":"ALL","changedSince":null,"contacts":[
             {"businessId":"acme","contactId":"14155550100","status":"OPTED_OUT","changedAt":"2026-11-24T10:15:30.000Z",
              "trigger":"KEYWORD","keyword":"Don’t \\"send\\" 🙏\\n","sourceMessageId":"wamid.ÅÄÖ","sourceRecordId":null,
              "marketingStatus":"OPTED_OUT","marketingChangedAt":"2026-11-25T00:00:00.000Z"},
             {"contactId":"919876543210","status":"OPTED_OUT","changedAt":null,"extra":{"nested":[1,{"status":"x"}]},
              "marketingStatus":"UNKNOWN","marketingChangedAt":null,"trigger":"WEBSITE_FORM"},
             {"status":"OPTED_OUT","contactId":null}],
             "next":"YzE6MTQxNTU1NTAxMDA"}
            """;

    @Test
    void the_csv_fields_are_those_a_tree_of_the_page_gave() throws IOException {
        for (boolean marketing : new boolean[] {false, true}) {
            ExportCommand.Page page = ExportCommand.parse(bytes(PAGE), ExportCommand.Format.csv, marketing);
            assertThat(page.next()).isEqualTo("YzE6MTQxNTU1NTAxMDA");
            List<List<String>> rows = new ArrayList<>();
            page.rows().forEach(row -> rows.add(Arrays.asList(row)));
            assertThat(page.lines()).isEmpty();
            assertThat(rows).isEqualTo(fromTree(PAGE, marketing));
        }
    }

    @Test
    void each_json_line_is_the_contact_as_a_tree_of_the_page_wrote_it() throws IOException {
        ExportCommand.Page page = ExportCommand.parse(bytes(PAGE), ExportCommand.Format.jsonl, false);
        List<String> lines = new ArrayList<>();
        for (JsonNode contact : Json.mapper().readTree(PAGE).path("contacts")) {
            lines.add(Json.mapper().writeValueAsString(contact));
        }
        assertThat(page.lines()).isEqualTo(lines);
        assertThat(page.rows()).isEmpty();
    }

    @Test
    void the_last_page_has_no_next_cursor_and_a_broken_body_is_refused() throws IOException {
        assertThat(ExportCommand.parse(bytes("{\"contacts\":[],\"next\":null}"), ExportCommand.Format.csv, false))
                .isEqualTo(new ExportCommand.Page(List.of(), List.of(), null));
        assertThat(ExportCommand.parse(bytes("{\"contacts\":[]}"), ExportCommand.Format.csv, false).next()).isNull();
        assertThatThrownBy(() -> ExportCommand.parse(bytes("{\"contacts\":[{}]} x"), ExportCommand.Format.csv, false))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ExportCommand.parse(bytes("{\"contacts\":[{\"contactId\":"), ExportCommand.Format.csv, false))
                .isInstanceOf(IOException.class);
    }

    /** What the export wrote before it read pages as they stream by. */
    private static List<List<String>> fromTree(String body, boolean marketing) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode contact : Json.mapper().readTree(body).path("contacts")) {
            rows.add(List.of(contact.path("contactId").asText(),
                    text(contact, marketing ? "marketingStatus" : "status"),
                    text(contact, marketing ? "marketingChangedAt" : "changedAt"),
                    marketing ? "" : text(contact, "trigger")));
        }
        return rows;
    }

    private static String text(JsonNode contact, String field) {
        JsonNode value = contact.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

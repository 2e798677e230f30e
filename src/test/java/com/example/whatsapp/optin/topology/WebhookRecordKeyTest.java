package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.webhook.WebhookRecordKey;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook ingress keys a body by its contact when it has one: the common webhook (one
 * message) then goes straight to the decision, with no repartition, in the production topology.
 */
class WebhookRecordKeyTest {

    private static final String PHONE_NUMBER_ID = "106540352242922";
    private static final String REPARTITION = "whatsapp-optin-" + TopologyNames.REQUESTS_BY_CONTACT + "-repartition";

    private final ConsentDriver driver = new ConsentDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private static String envelope(String... messages) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},"
                + "\"contacts\":[],\"messages\":[" + String.join(",", messages) + "]}}]}]}";
    }

    private static String message(String from, String id, String body) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1764000000\",\"type\":\"text\","
                + "\"text\":{\"body\":\"" + body + "\"}}";
    }

    private static String keyOf(String body) {
        return WebhookRecordKey.of(body.getBytes(StandardCharsets.UTF_8));
    }

    private void webhook(String body) {
        driver.send(keyOf(body), body);
    }

    @Test
    void a_webhook_of_one_contact_is_keyed_by_that_contact_and_skips_the_repartition() {
        String body = envelope(message("+91 98765-43210", "wamid.1", "STOP"), message("919876543210", "wamid.2", "thanks"));
        assertThat(keyOf(body)).isEqualTo(PHONE_NUMBER_ID + ":919876543210");
        webhook(body);
        assertThat(driver.events()).extracting(TestRecord::key).containsExactly(PHONE_NUMBER_ID + ":919876543210");
        assertThat(driver.driver.producedTopicNames()).doesNotContain(REPARTITION);
    }

    @Test
    void a_webhook_of_several_contacts_has_no_key_and_each_contact_is_still_decided() {
        String body = envelope(message("919876543210", "wamid.1", "STOP"), message("14155550101", "wamid.2", "STOP"));
        assertThat(keyOf(body)).isNull();
        webhook(body);
        List<TestRecord<String, JsonNode>> events = driver.events();
        assertThat(events).extracting(TestRecord::key)
                .containsExactlyInAnyOrder(PHONE_NUMBER_ID + ":919876543210", PHONE_NUMBER_ID + ":14155550101");
    }

    @Test
    void a_body_without_messages_or_that_cannot_be_read_has_no_key() {
        assertThat(keyOf("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"metadata\":{\"phone_number_id\":\"1065\"},\"statuses\":[{\"id\":\"x\"}]}}]}]}")).isNull();
        assertThat(keyOf("not json")).isNull();
        assertThat(keyOf("{\"entry\":7}")).isNull();
        assertThat(WebhookRecordKey.of(new byte[] {(byte) 0xff, (byte) 0xfe})).isNull();
    }
}

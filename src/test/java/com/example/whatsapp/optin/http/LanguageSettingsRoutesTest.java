package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.example.whatsapp.optin.http.ConsentApiTest.call;
import static com.example.whatsapp.optin.http.ConsentApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings routes with the optional fields, and the language packs a console offers: a PUT is
 * validated as a person's input, and what the settings topic then holds is read back by a GET.
 * Every response is checked against the OpenAPI document.
 */
class LanguageSettingsRoutesTest {

    private static final String TOKEN = "unit-test-token";

    private static final String SPANISH_SPEAKING = """
            {"businessName":"Tienda Acme",
             "languages":["es","pt"],
             "optOut":{"keywords":["STOP"],"responseEnabled":true,"responseText":"You have unsubscribed from {businessName}.",
                       "responseTexts":{"es":"Te has dado de baja de {businessName} en WhatsApp."}},
             "optIn":{"enabled":true,"keywords":["SI"],"confirmationTemplate":{"name":"optin_welcome","language":"es_MX"}},
             "outbound":{"requireOptIn":false}}""";

    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final SettingsRegistry registry = new SettingsRegistry(List.of("STOP", "OPT OUT"));
    private ConsentApi api;
    private String base;

    @BeforeEach
    void start() {
        registry.settledThrough(Long.MAX_VALUE);
        ContactQueries queries = (businessId, contactId, ownerPath, forwarded) -> new ContactQueries.Found(null, "here:1");
        api = new ConsentApi.Builder(queries, new SettingsAdmin(producer, "whatsapp.optin-settings", registry, SettingsAdmin.IN_EFFECT_WITHIN),
                registry, () -> KafkaStreams.State.RUNNING, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .adminToken(TOKEN).build().start(0);
        base = "http://localhost:" + api.port();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** The settings reader's part: what the PUT wrote to the topic is read into the registry. */
    private void readTheTopic() {
        long offset = 0;
        for (ProducerRecord<String, String> record : producer.history()) {
            registry.apply(record.key(), record.value(), 1_764_000_000_000L + offset, offset++);
        }
    }

    @Test
    void the_optional_fields_written_are_shown_with_the_packs_keywords() {
        HttpResponse<String> put = call("PUT", base + "/v1/businesses/acme/settings", SPANISH_SPEAKING, TOKEN);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(producer.history()).singleElement().satisfies(record -> assertThat(record.value()).isEqualTo(SPANISH_SPEAKING));
        readTheTopic();

        JsonNode settings = json(call("GET", base + "/v1/businesses/acme/settings", null, null));
        assertThat(settings.get("source").asText()).isEqualTo("configured");
        assertThat(settings.get("languages")).extracting(JsonNode::asText).containsExactly("es", "pt");
        JsonNode optOut = settings.get("optOut");
        assertThat(Json.mapper().convertValue(optOut.get("packKeywords"), Map.class))
                .isEqualTo(Map.of("es", LanguagePacks.keywords("es"), "pt", LanguagePacks.keywords("pt")));
        assertThat(optOut.get("packKeywords").fieldNames()).toIterable().containsExactly("es", "pt");
        assertThat(optOut.at("/responseTexts/es").asText()).isEqualTo("Te has dado de baja de {businessName} en WhatsApp.");
        assertThat(optOut.at("/repliesByLanguage/es").asText()).isEqualTo("Te has dado de baja de Tienda Acme en WhatsApp.");
        assertThat(optOut.get("repliesByLanguage").has("pt")).isFalse();
        assertThat(optOut.get("reply").asText()).isEqualTo("You have unsubscribed from Tienda Acme.");
        assertThat(settings.at("/optIn/confirmationTemplate/name").asText()).isEqualTo("optin_welcome");
        assertThat(settings.at("/optIn/confirmationTemplate/language").asText()).isEqualTo("es_MX");
        assertThat(settings.at("/outbound/requireOptIn").asBoolean()).isFalse();
    }

    @Test
    void a_business_without_optional_fields_shows_their_defaults() {
        JsonNode defaults = json(call("GET", base + "/v1/businesses/acme/settings", null, null));
        assertThat(defaults.get("languages")).isEmpty();
        assertThat(defaults.at("/optOut/packKeywords")).isEmpty();
        assertThat(defaults.at("/optIn/confirmationTemplate").isNull()).isTrue();
        assertThat(defaults.at("/outbound/requireOptIn").asBoolean()).isTrue();

        call("PUT", base + "/v1/businesses/acme/settings", "{\"businessName\":\"Acme\"}", TOKEN);
        readTheTopic();
        JsonNode v1 = json(call("GET", base + "/v1/businesses/acme/settings", null, null));
        assertThat(v1.get("source").asText()).isEqualTo("configured");
        assertThat(v1.at("/outbound/requireOptIn").asBoolean()).isTrue();
        assertThat(v1.at("/optOut/responseTexts")).isEmpty();
    }

    @Test
    void invalid_optional_fields_are_a_400_listing_every_problem_and_nothing_is_written() {
        HttpResponse<String> response = call("PUT", base + "/v1/businesses/acme/settings",
                "{\"businessName\":\"Acme\",\"languages\":[\"en\",\"es\",\"es\"],\"optOut\":{\"responseTexts\":{\"fr\":\"Arrêté\"}},"
                        + "\"optIn\":{\"keywords\":[\"baja\"],\"confirmationTemplate\":{\"name\":\"Welcome\",\"language\":\"es\"}},"
                        + "\"outbound\":{\"requireOptin\":false}}", TOKEN);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("problems")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "languages[0] \"en\" is not a language pack; the packs are es, pt, fr, de, hi, ar, id",
                "languages[2] \"es\" is listed twice",
                "optOut.responseTexts.fr: not one of languages (es)",
                "optIn.confirmationTemplate.name must match [a-z0-9_]{1,512}",
                "unknown field outbound.requireOptin; did you mean outbound.requireOptIn?",
                "opt-in keyword \"baja\" is also an opt-out keyword (keyword \"BAJA\" of the language pack es)");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void the_language_packs_are_listed_for_a_console() {
        HttpResponse<String> response = call("GET", base + "/v1/language-packs", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode packs = json(response);
        assertThat(packs.fieldNames()).toIterable().containsExactly("es", "pt", "fr", "de", "hi", "ar", "id");
        assertThat(packs.get("es")).extracting(JsonNode::asText).containsExactly("BAJA", "DETENER", "PARAR", "CANCELAR", "NO MÁS", "NO MAS");
        assertThat(packs.get("hi")).extracting(JsonNode::asText).containsExactlyElementsOf(LanguagePacks.keywords("hi"));
    }
}

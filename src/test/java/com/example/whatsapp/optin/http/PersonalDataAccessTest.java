package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.DailyStatsQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No contact's data without a token: the read token's rules on the routes, and where the API may listen. */
class PersonalDataAccessTest {

    private static final String READ = "read-token-for-tests";
    private static final String ADMIN = "admin-token-for-tests";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTACT = "/v1/businesses/acme/contacts/15550001111";
    private static final List<String> PERSONAL = List.of(CONTACT, CONTACT + "/history", CONTACT + "/may-send?category=MARKETING");
    private static final List<String> OPEN = List.of("/health/live", "/health/ready", "/metrics", "/openapi.json", "/",
            "/v1/businesses/acme/settings", "/v1/language-packs", "/v1/businesses/acme/stats");

    private final List<ConsentApi> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConsentApi::close);
    }

    private ConsentApi api(String adminToken) {
        SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));
        registry.settledThrough(Long.MAX_VALUE);
        ContactQueries queries = (businessId, contactId, ownerPath, forwarded) -> new ContactQueries.Found(null, "localhost:1");
        SettingsAdmin admin = new SettingsAdmin(new MockProducer<>(true, null, new StringSerializer(), new StringSerializer()),
                "whatsapp.optin-settings", registry, SettingsAdmin.IN_EFFECT_WITHIN);
        ConsentApi api = new ConsentApi(queries, admin, registry, () -> KafkaStreams.State.RUNNING, () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), adminToken, null,
                (businessId, from, to, partitions) -> new DailyStatsQueries.Counted(Map.of()));
        started.add(api);
        return api;
    }

    private static HttpResponse<String> get(ConsentApi api, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Nested
    @DisplayName("Without a read token")
    class WithoutReadToken {

        @Test
        void a_contact_s_data_is_served_without_a_token_on_the_loopback_address() {
            ConsentApi api = api(ADMIN).start(0);
            for (String path : PERSONAL) {
                assertThat(get(api, path, null).statusCode()).as(path).isEqualTo(200);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "::"})
        void the_api_refuses_to_listen_on_any_other_address(String host) {
            ConsentApi api = api(ADMIN);
            assertThatThrownBy(() -> api.start(host, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a token");
        }

        @Test
        void the_admin_token_alone_does_not_open_the_network() {
            assertThatThrownBy(() -> api(ADMIN).start("0.0.0.0", 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    @DisplayName("With a read token, on every interface")
    class WithReadToken {

        private ConsentApi started() {
            return api(ADMIN).readToken(READ).start("0.0.0.0", 0);
        }

        @Test
        void a_contact_s_data_without_a_token_is_401_asking_for_a_bearer_token() {
            ConsentApi api = started();
            for (String path : PERSONAL) {
                HttpResponse<String> response = get(api, path, null);
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(response.body()).contains("optin.http.read-token").doesNotContain("15550001111\",\"status");
                OpenApiContract.check(response);
            }
        }

        @Test
        void a_wrong_token_is_401() {
            ConsentApi api = started();
            for (String path : PERSONAL) {
                assertThat(get(api, path, READ + "x").statusCode()).as(path).isEqualTo(401);
                assertThat(get(api, path, "").statusCode()).as(path).isEqualTo(401);
            }
        }

        @Test
        void the_read_token_and_the_admin_token_both_read_a_contact_s_data() {
            ConsentApi api = started();
            for (String path : PERSONAL) {
                assertThat(get(api, path, READ).statusCode()).as(path).isEqualTo(200);
                assertThat(get(api, path, ADMIN).statusCode()).as(path).isEqualTo(200);
            }
        }

        @Test
        void the_read_token_changes_nothing() {
            ConsentApi api = started();
            assertThat(get(api, "/v1/businesses", READ).statusCode()).isEqualTo(401);
            assertThat(get(api, "/v1/businesses", ADMIN).statusCode()).isEqualTo(200);
        }

        @Test
        void health_metrics_the_console_settings_and_counts_stay_open() {
            ConsentApi api = started();
            for (String path : OPEN) {
                assertThat(get(api, path, null).statusCode()).as(path).isEqualTo(200);
            }
        }

        @Test
        void the_token_is_required_on_the_loopback_address_too() {
            ConsentApi api = api(ADMIN).readToken(READ).start(0);
            assertThat(get(api, CONTACT, null).statusCode()).isEqualTo(401);
            assertThat(get(api, CONTACT, READ).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("Which routes hold a contact's data")
    class Routes {

        @Test
        void every_route_of_a_contact_is_a_personal_data_route() {
            ConsentApi api = api(null);
            List<ConsentApi.Route> contactRoutes = api.routes().stream()
                    .filter(route -> route.path().contains("{contactId}")).toList();
            assertThat(contactRoutes).hasSizeGreaterThanOrEqualTo(3);
            assertThat(api.personalDataRoutes()).containsAll(contactRoutes);
        }

        @Test
        void the_openapi_document_names_the_read_token_on_exactly_the_personal_data_routes() throws IOException {
            Set<ConsentApi.Route> documented = new HashSet<>();
            JsonNode paths;
            try (InputStream in = ConsentApi.class.getResourceAsStream("openapi.json")) {
                paths = Json.mapper().readTree(in).path("paths");
            }
            for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> path = p.next();
                for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> method = m.next();
                    for (JsonNode requirement : method.getValue().path("security")) {
                        if (requirement.has("readToken")) {
                            documented.add(new ConsentApi.Route(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey()));
                        }
                    }
                }
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(api(null).personalDataRoutes());
        }
    }
}

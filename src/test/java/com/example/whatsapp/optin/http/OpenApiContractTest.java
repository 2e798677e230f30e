package com.example.whatsapp.optin.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The check every HTTP test's responses go through fails when code and document drift apart. */
class OpenApiContractTest {

    private static final String CONTACT = "/v1/businesses/acme/contacts/919876543210";
    private static final String UNKNOWN_CONTACT = """
            {"businessId":"acme","contactId":"919876543210","status":"UNKNOWN","changedAt":null,"trigger":null,
             "keyword":null,"sourceMessageId":null,"sourceRecordId":null,"marketingStatus":"UNKNOWN","marketingChangedAt":null}""";
    private static final Map<String, String> JSON_SERVED = Map.of("content-type", "application/json", "x-optin-served-by", "h:1");
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private static List<String> problems(String method, String path, int status, Map<String, String> headers, String body) {
        return OpenApiContract.service().problems(method, URI.create("http://localhost" + path), status,
                name -> Optional.ofNullable(headers.get(name.toLowerCase())), body);
    }

    @Test
    void a_documented_response_passes() {
        assertThat(problems("GET", CONTACT, 200, JSON_SERVED, UNKNOWN_CONTACT)).isEmpty();
        assertThat(problems("GET", "/v1/nothing", 404, JSON, "{\"error\":\"no route\"}")).isEmpty();
    }

    @Test
    void a_field_the_document_does_not_name_fails() {
        assertThat(problems("GET", CONTACT, 200, JSON_SERVED, UNKNOWN_CONTACT.replace("}", ",\"since\":1}")))
                .singleElement().asString().contains("since");
    }

    @Test
    void a_missing_required_field_fails() {
        assertThat(problems("GET", CONTACT, 200, JSON_SERVED, UNKNOWN_CONTACT.replace("\"keyword\":null,", "")))
                .singleElement().asString().contains("keyword");
    }

    @Test
    void a_field_of_the_wrong_type_or_value_fails() {
        assertThat(problems("GET", CONTACT, 200, JSON_SERVED, UNKNOWN_CONTACT.replace("\"status\":\"UNKNOWN\"", "\"status\":3")))
                .isNotEmpty();
        assertThat(problems("GET", CONTACT, 200, JSON_SERVED, UNKNOWN_CONTACT.replace("UNKNOWN", "MAYBE"))).isNotEmpty();
        assertThat(problems("GET", CONTACT, 200, JSON_SERVED, UNKNOWN_CONTACT.replace("\"contactId\":\"919876543210\"", "\"contactId\":null")))
                .isNotEmpty();
    }

    @Test
    void a_status_the_route_does_not_document_fails() {
        assertThat(problems("GET", CONTACT, 403, JSON, "{\"error\":\"x\"}"))
                .containsExactly("status 403 is not documented for GET /v1/businesses/{businessId}/contacts/{contactId}");
    }

    @Test
    void an_undocumented_route_must_be_404_and_an_undocumented_method_405() {
        assertThat(problems("GET", "/v1/nothing", 200, JSON, "{}")).isNotEmpty();
        assertThat(problems("POST", CONTACT, 404, JSON, "{\"error\":\"x\"}")).isNotEmpty();
        assertThat(problems("POST", CONTACT, 405, Map.of("content-type", "application/json", "allow", "GET"), "{\"error\":\"x\"}"))
                .isEmpty();
    }

    @Test
    void a_required_header_missing_fails() {
        assertThat(problems("GET", CONTACT, 200, JSON, UNKNOWN_CONTACT)).containsExactly("header X-Optin-Served-By is missing");
        assertThat(problems("POST", CONTACT, 405, JSON, "{\"error\":\"x\"}")).containsExactly("header Allow is missing");
        assertThat(problems("GET", CONTACT, 503, JSON, "{\"error\":\"x\"}")).containsExactly("header Retry-After is missing");
    }

    @Test
    void an_error_that_is_not_json_fails() {
        assertThat(problems("GET", "/v1/nothing", 404, Map.of("content-type", "text/plain"), "Not Found")).isNotEmpty();
        assertThat(problems("GET", "/v1/nothing", 404, JSON, "Not Found")).containsExactly("the body is not JSON");
        assertThat(problems("GET", "/v1/nothing", 404, JSON, "{\"message\":\"Not Found\"}")).isNotEmpty();
    }
}

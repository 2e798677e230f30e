package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI document as the tests hold the service to it: every response a test sees must be
 * in it, its status for the route, its required headers, its media type and its body. Bodies are
 * checked strictly: an object may carry no property its schema does not name, so a field added
 * to a response record and not to the document fails the test that sees it.
 */
public final class OpenApiContract {

    private static final String DOCUMENT = "com/example/whatsapp/optin/http/openapi.json";
    private static final String BASE = "https://whatsapp-optin.test/openapi.json";

    private static final OpenApiContract SERVICE = new OpenApiContract(read());

    private final JsonNode document;
    private final JsonSchemaFactory schemas;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();

    OpenApiContract(JsonNode document) {
        this.document = strict(document.deepCopy());
        String text = this.document.toString();
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                .metaSchema(OpenApi30.getInstance())
                .defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, text))));
    }

    /** The service's own document. */
    public static OpenApiContract service() {
        return SERVICE;
    }

    /**
     * Sends a request as a client of the API would (a bearer token when given) and checks the
     * response against the document before handing it back.
     */
    public static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request, String method, String body,
                                            String token) {
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(client, request.build());
    }

    /** Sends a request as built and checks the response against the document before handing it back. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            check(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails with every way the response differs from the document. */
    public static void check(HttpResponse<String> response) {
        List<String> problems = SERVICE.problems(response);
        if (!problems.isEmpty()) {
            throw new AssertionError("not as openapi.json says: " + response.request().method() + " "
                    + response.request().uri().getRawPath() + " -> " + response.statusCode() + " " + response.body()
                    + "\n  " + String.join("\n  ", problems));
        }
    }

    public List<String> problems(HttpResponse<String> response) {
        return problems(response.request().method(), response.request().uri(), response.statusCode(),
                name -> response.headers().firstValue(name), response.body());
    }

    /** A response's headers by name, in any case. */
    public interface Headers {
        Optional<String> first(String name);
    }

    public List<String> problems(String method, URI uri, int status, Headers headers, String body) {
        Documented documented = documented(method, uri.getRawPath(), status);
        if (documented.pointer() == null) {
            return List.of(documented.problem());
        }
        String pointer = refOr(resolve(documented.pointer()), documented.pointer());
        JsonNode response = resolve(pointer);
        List<String> problems = new ArrayList<>();
        JsonNode declaredHeaders = response.path("headers");
        for (Iterator<String> names = declaredHeaders.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode header = resolve(refOr(declaredHeaders.get(name), pointer + "/headers/" + escape(name)));
            if (header.path("required").asBoolean() && headers.first(name).isEmpty()) {
                problems.add("header " + name + " is missing");
            }
        }
        JsonNode content = response.path("content");
        if (content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                problems.add("a body where the document declares none");
            }
            return problems;
        }
        String mediaType = headers.first("Content-Type")
                .map(type -> type.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse(null);
        if (mediaType == null || !content.has(mediaType)) {
            List<String> declared = new ArrayList<>();
            content.fieldNames().forEachRemaining(declared::add);
            problems.add("media type " + mediaType + " where the document declares " + declared);
            return problems;
        }
        if (!mediaType.equals("application/json") || !content.get(mediaType).has("schema")) {
            return problems;
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            problems.add("the body is not JSON");
            return problems;
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        JsonSchema schema = schemas.getSchema(SchemaLocation.of(BASE + "#" + schemaPointer), config);
        for (ValidationMessage message : schema.validate(json)) {
            problems.add(message.getMessage());
        }
        return problems;
    }

    /** The JSON pointer of the documented response, or why there is none. */
    private record Documented(String pointer, String problem) {
        static Documented at(String pointer) {
            return new Documented(pointer, null);
        }

        static Documented not(String problem) {
            return new Documented(null, problem);
        }
    }

    private Documented documented(String method, String path, int status) {
        String template = null;
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String candidate = paths.next();
            if (matches(candidate, path)) {
                template = candidate;
            }
        }
        if (template == null) {
            return status == 404 ? Documented.at("/components/responses/NotFound")
                    : Documented.not(path + " is not in the document, so it must answer 404, not " + status);
        }
        String operation = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        if (resolve(operation).isMissingNode()) {
            return status == 405 ? Documented.at("/components/responses/MethodNotAllowed")
                    : Documented.not(method + " " + template + " is not in the document, so it must answer 405, not " + status);
        }
        String response = operation + "/responses/" + status;
        return resolve(response).isMissingNode()
                ? Documented.not("status " + status + " is not documented for " + method + " " + template)
                : Documented.at(response);
    }

    private static boolean matches(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith("{") && expected[i].endsWith("}");
            if (parameter ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private JsonNode resolve(String pointer) {
        return document.at(pointer);
    }

    private static String refOr(JsonNode node, String pointer) {
        JsonNode ref = node.get("$ref");
        return ref == null ? pointer : ref.asText().substring(1);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Every object schema that names its properties allows no others. */
    private static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && "object".equals(object.path("type").asText()) && !object.has("additionalProperties")) {
                object.set("additionalProperties", BooleanNode.FALSE);
            }
            object.elements().forEachRemaining(OpenApiContract::strict);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(OpenApiContract::strict);
        }
        return node;
    }

    private static JsonNode read() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

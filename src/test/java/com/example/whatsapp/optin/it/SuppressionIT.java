package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.http.OpenApiContract;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The suppression list, its export and the campaigns against the real broker: pages over two
 * instances through a rebalance, the CLI's export, and the console's export button and campaigns table.
 */
class SuppressionIT {

    private static final String TOKEN = "suppression-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Map<String, String> config;
    private static Topics topics;
    private static ConsentService service;
    private static String base;

    @BeforeAll
    static void start() {
        config = new HashMap<>(TestKafka.isolatedConfig("suppression"));
        config.put("optin.http.admin-token", TOKEN);
        topics = TestKafka.topics(config);
        service = TestKafka.start(config);
        base = "http://localhost:" + config.get("optin.http.port");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<String> get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        return OpenApiContract.send(HTTP, request, "GET", null, token);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putSettings(String businessId, String settings) {
        HttpResponse<String> response = OpenApiContract.send(HTTP, HttpRequest.newBuilder(
                URI.create(base + "/v1/businesses/" + businessId + "/settings")), "PUT", settings, TOKEN);
        assertThat(response.statusCode()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.settings().configured(businessId).isPresent());
    }

    /**
     * Opts each contact of the oracle in or out (some out, then in again), and returns, by
     * contactId, the status each must end with.
     */
    private static Map<String, String> decide(String businessId, int contacts, long firstSecond) {
        Map<String, String> oracle = new TreeMap<>();
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int i = 0; i < contacts; i++) {
                String contact = "4477009" + String.format("%05d", i * 7919 % 100_000);
                String key = businessId + ":" + contact;
                long t = firstSecond + i;
                switch (i % 4) {
                    case 0, 1 -> {
                        TestKafka.send(producer, topics.inbound().name(), key, Messages.text(businessId, contact, "m" + i, t, "STOP"));
                        oracle.put(contact, "OPTED_OUT");
                    }
                    case 2 -> {
                        TestKafka.send(producer, topics.inbound().name(), key, Messages.text(businessId, contact, "m" + i, t, "JOIN"));
                        oracle.put(contact, "OPTED_IN");
                    }
                    default -> {
                        // No key: the service re-keys it.
                        TestKafka.send(producer, topics.inbound().name(), null, Messages.text(businessId, contact, "a" + i, t, "STOP"));
                        TestKafka.send(producer, topics.inbound().name(), null, Messages.text(businessId, contact, "b" + i, t + 1, "JOIN"));
                        oracle.put(contact, "OPTED_IN");
                    }
                }
            }
        }
        return oracle;
    }

    private static final String SETTINGS = """
            {"businessName": "Shop", "optOut": {"keywords": ["STOP"]}, "optIn": {"enabled": true, "keywords": ["JOIN"]},
             "outbound": {"requireOptIn": false}}""";

    private static List<String> with(Map<String, String> oracle, String status) {
        return oracle.entrySet().stream().filter(e -> e.getValue().equals(status)).map(Map.Entry::getKey).sorted().toList();
    }

    private static void awaitSummary(String instance, String businessId, Map<String, String> oracle) {
        long out = with(oracle, "OPTED_OUT").size();
        long in = with(oracle, "OPTED_IN").size();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = get(instance + "/v1/businesses/" + businessId + "/summary", null);
            return response.statusCode() == 200 && json(response).at("/ALL/OPTED_OUT").asLong() == out
                    && json(response).at("/ALL/OPTED_IN").asLong() == in;
        });
    }

    /** One page, asked again while the service answers 503 (a rebalance). */
    private static JsonNode page(String url) {
        JsonNode[] page = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = get(url, TOKEN);
            if (response.statusCode() == 503) {
                return false;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            page[0] = json(response);
            return true;
        });
        return page[0];
    }

    @Nested
    @DisplayName("The suppression list and its export")
    class TheList {

        @Test
        void pages_over_both_instances_through_a_rebalance_hold_exactly_the_oracle_s_contacts_once() {
            putSettings("paged", SETTINGS);
            putSettings("paged-other", SETTINGS);
            Map<String, String> oracle = decide("paged", 400, 1_764_000_000L);
            decide("paged-other", 40, 1_764_000_000L);
            Map<String, String> second = new HashMap<>(config);
            second.put("optin.http.port", String.valueOf(TestKafka.freePort()));
            second.put("state.dir", TestKafka.tempDir("suppression-second").toString());
            String secondBase = "http://localhost:" + second.get("optin.http.port");
            List<String> listed = new ArrayList<>();
            try (ConsentService other = TestKafka.start(second)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> service.ready() && other.ready()
                        && owners(oracle.keySet()).size() == 2);
                awaitSummary(secondBase, "paged", oracle);
                // The admin routes pass the caller's token on to the other instance.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> get(secondBase + "/v1/businesses/paged/campaigns", TOKEN).statusCode() == 200);
                JsonNode first = page(secondBase + "/v1/businesses/paged/contacts?limit=70");
                first.get("contacts").forEach(c -> listed.add(c.get("contactId").asText()));
                assertThat(first.get("next").isTextual()).isTrue();
                // The second instance leaves: its partitions move to the first, between two pages.
                other.close();
                String next = first.get("next").asText();
                while (next != null) {
                    JsonNode more = page(base + "/v1/businesses/paged/contacts?limit=70&cursor=" + next);
                    more.get("contacts").forEach(c -> {
                        assertThat(c.get("businessId").asText()).isEqualTo("paged");
                        assertThat(c.get("status").asText()).isEqualTo("OPTED_OUT");
                        listed.add(c.get("contactId").asText());
                    });
                    next = more.get("next").isTextual() ? more.get("next").asText() : null;
                }
            }
            assertThat(listed).as("no duplicate, ordered by contactId").doesNotHaveDuplicates().isSorted();
            assertThat(listed).containsExactlyElementsOf(with(oracle, "OPTED_OUT"));
            JsonNode optedIn = page(base + "/v1/businesses/paged/contacts?status=OPTED_IN&limit=10000");
            assertThat(optedIn.get("contacts")).extracting(c -> c.get("contactId").asText())
                    .containsExactlyElementsOf(with(oracle, "OPTED_IN"));
            assertThat(optedIn.get("next").isNull()).isTrue();
            HostInfo first = HostInfo.buildFromEndpoint(service.config().applicationServer());
            await().atMost(Duration.ofSeconds(60)).until(() -> owners(oracle.keySet()).equals(Set.of(first)) && service.ready());
        }

        @Test
        void the_cli_exports_every_page_as_csv_or_json_lines_with_a_progress_line_per_page() throws IOException {
            putSettings("exported", SETTINGS);
            Map<String, String> oracle = decide("exported", 120, 1_764_000_000L);
            awaitSummary(base, "exported", oracle);
            Path configFile = Files.createTempFile("optin", ".properties");
            Files.writeString(configFile, config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n")));
            Path csv = Files.createTempDirectory("export").resolve("opted-out.csv");

            CliRun run = CliRun.of("export", "--config", configFile.toString(), "--business", "exported", "--page-size", "25",
                    "--output", csv.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).isEqualTo("contactId,status,changedAt,trigger,scope");
            assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[0])
                    .containsExactlyElementsOf(with(oracle, "OPTED_OUT"));
            assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).matches("\\d+,OPTED_OUT,[0-9T:.Z-]+,KEYWORD,ALL"));
            int pages = (with(oracle, "OPTED_OUT").size() + 24) / 25;
            assertThat(run.err().lines().filter(l -> l.startsWith("page "))).hasSize(pages);
            assertThat(run.err()).contains("exported " + with(oracle, "OPTED_OUT").size() + " contacts");

            CliRun jsonl = CliRun.of("export", "--config", configFile.toString(), "--business", "exported", "--status", "OPTED_IN",
                    "--format", "jsonl");
            assertThat(jsonl.exitCode()).as(jsonl.err()).isZero();
            assertThat(jsonl.out().lines().map(l -> {
                try {
                    return Json.mapper().readTree(l).get("contactId").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).containsExactlyElementsOf(with(oracle, "OPTED_IN"));

            assertThat(CliRun.of("export", "--config", configFile.toString(), "--business", "exported", "--status", "UNKNOWN")
                    .exitCode()).isEqualTo(2);
            CliRun wrongToken = CliRun.of("export", "--config", configFile.toString(), "--business", "exported", "--token", "nope",
                    "--output", csv.resolveSibling("never.csv").toString());
            assertThat(wrongToken.exitCode()).isEqualTo(2);
            assertThat(wrongToken.err()).contains("401");
            assertThat(csv.resolveSibling("never.csv")).doesNotExist();
            assertThat(csv.resolveSibling("never.csv.part")).doesNotExist();
        }
    }

    @Nested
    @DisplayName("Campaign attribution")
    class Console {

        @Test
        void the_console_exports_the_opted_out_contacts_as_csv_and_shows_the_campaigns_highest_rate_first() throws Exception {
            putSettings("shop", SETTINGS);
            String autumn = "autumn-sale";
            String spring = "spring-sale";
            List<String> springContacts = List.of("14155550101", "14155550102", "14155550103", "14155550104");
            List<String> autumnContacts = List.of("14155550201", "14155550202");
            try (KafkaProducer<String, String> producer = TestKafka.producer()) {
                int n = 0;
                for (String c : springContacts) {
                    TestKafka.send(producer, topics.outbound().requests().name(), "shop:" + c, request("s" + n++, spring, c));
                }
                for (String c : autumnContacts) {
                    TestKafka.send(producer, topics.outbound().requests().name(), "shop:" + c, request("a" + n++, autumn, c));
                }
            }
            TestKafka.readAtLeast(topics.outbound().approved().name(), 6, Duration.ofSeconds(60));
            Thread.sleep(1100);
            long now = Instant.now().getEpochSecond();
            Map<String, String> oracle = new TreeMap<>();
            try (KafkaProducer<String, String> producer = TestKafka.producer()) {
                for (String c : List.of(springContacts.get(0), autumnContacts.get(0), autumnContacts.get(1))) {
                    TestKafka.send(producer, topics.inbound().name(), "shop:" + c, Messages.text("shop", c, "w" + c, now, "STOP"));
                    oracle.put(c, "OPTED_OUT");
                }
            }
            awaitSummary(base, "shop", oracle);
            await().atMost(Duration.ofSeconds(60)).until(() -> json(get(base + "/v1/businesses/shop/campaigns", TOKEN))
                    .at("/campaigns/0/optOuts").asLong() == 2);

            ChromeDriver browser = Browser.start();
            try {
                browser.get(base + "/");
                WebElement token = browser.findElement(By.id("admin-token"));
                token.sendKeys(TOKEN);
                WebElement id = browser.findElement(By.id("business-id"));
                id.sendKeys("shop");
                browser.findElement(By.cssSelector("#load-form button[type=submit]")).click();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                        browser.findElements(By.cssSelector("#campaigns-table tbody tr")).size() == 2);
                List<WebElement> rows = browser.findElements(By.cssSelector("#campaigns-table tbody tr"));
                assertThat(rows.get(0).getDomAttribute("data-campaign")).isEqualTo(autumn);
                assertThat(rows.get(0).findElement(By.cssSelector(".opt-out-rate")).getText()).isEqualTo("100.0 %");
                assertThat(rows.get(1).getDomAttribute("data-campaign")).isEqualTo(spring);
                assertThat(rows.get(1).findElement(By.cssSelector(".approved")).getText()).isEqualTo("4");
                assertThat(rows.get(1).findElement(By.cssSelector(".opt-out-rate")).getText()).isEqualTo("25.0 %");

                // Keeps every Blob the page makes, to read the download's content.
                browser.executeScript("window.testBlobs = []; const make = URL.createObjectURL.bind(URL);"
                        + " URL.createObjectURL = (blob) => { window.testBlobs.push(blob); return make(blob); };");
                browser.findElement(By.id("export-opted-out")).click();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        browser.findElement(By.id("export-status")).getText().startsWith("Exported 3"));
                String csv = (String) browser.executeAsyncScript(
                        "const done = arguments[arguments.length - 1]; window.testBlobs[0].text().then(done);");
                List<String> lines = csv.lines().toList();
                assertThat(lines.get(0)).isEqualTo("contactId,status,changedAt,trigger,scope");
                assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[0])
                        .containsExactlyElementsOf(oracle.keySet());
                assertThat(browser.findElement(By.id("export-link")).getDomProperty("href")).startsWith("blob:")
                        .doesNotContain(TOKEN);
                assertThat(Browser.console(browser)).noneMatch(e -> e.getMessage().contains(TOKEN));
            } finally {
                browser.quit();
            }
        }

        private static String request(String requestId, String campaignId, String contact) {
            return "{\"requestId\":\"" + requestId + "\",\"businessId\":\"shop\",\"category\":\"MARKETING\",\"campaignId\":\""
                    + campaignId + "\",\"message\":{\"messaging_product\":\"whatsapp\",\"to\":\"" + contact
                    + "\",\"type\":\"template\",\"template\":{\"name\":\"promo\",\"language\":{\"code\":\"en_US\"}}}}";
        }
    }

    private static Set<HostInfo> owners(Set<String> contacts) {
        Set<HostInfo> hosts = new HashSet<>();
        for (String contact : contacts) {
            KeyQueryMetadata md = service.streams().queryMetadataForKey(TopologyNames.CONTACTS_STORE, "paged:" + contact,
                    Serdes.String().serializer());
            if (md != null && !md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                hosts.add(md.activeHost());
            }
        }
        return hosts;
    }
}

package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.http.OpenApiContract;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Opt-in Management console in Debian's headless Chromium, against the service on the
 * in-JVM broker: a person sets a business up without writing JSON, and what the page saved is
 * what the service does.
 */
class ConsoleIT {

    private static final String TOKEN = "console-admin-token";
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Map<String, String> config;
    private static Topics topics;
    private static ConsentService service;
    private static String base;
    private static ChromeDriver browser;
    private final List<String> expectedApiErrors = new ArrayList<>();

    @BeforeAll
    static void start() {
        config = new HashMap<>(TestKafka.isolatedConfig("console"));
        config.put("optin.http.admin-token", TOKEN);
        topics = TestKafka.topics(config);
        service = TestKafka.start(config);
        base = "http://localhost:" + config.get("optin.http.port");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void openThePage() {
        browser.get(base + "/");
        browser.executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.navigate().refresh();
        Browser.console(browser);
    }

    /** The console shows no error but the API answers a test provoked on purpose (a 400, a 401). */
    @AfterEach
    void theConsoleHasNoErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : Browser.console(browser)) {
            boolean provoked = entry.getMessage().contains("Failed to load resource")
                    && expectedApiErrors.stream().anyMatch(entry.getMessage()::contains);
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !provoked) {
                errors.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        assertThat(errors).as("the browser's console").isEmpty();
    }

    // ---- setting a business up ----

    @Test
    void a_business_is_set_up_on_the_page_and_a_message_matching_its_new_keyword_opts_out_with_the_saved_text() {
        load("console-shop");
        assertThat(status("load-status")).contains("no settings yet");
        assertThat(builtInChips()).contains("STOP", "OPT OUT", "REVOKE");
        assertThat(browser.findElements(By.cssSelector("#opt-out-chips .chip.fixed button"))).isEmpty();

        type("Business name", "Console Shop");
        check("Send opt-out response", true);
        type("Opt-out response text", "You have left {businessName}. Reply JOIN to come back.");
        addKeyword("Opt-out keywords", "Don't send me messages");
        addKeyword("Opt-out keywords", "HALT");
        addKeyword("Opt-out keywords", "remove-me");
        assertThat(optOutChips()).containsExactly("Don't send me messages", "HALT", "remove-me");
        button("Remove remove-me").click();
        assertThat(optOutChips()).containsExactly("Don't send me messages", "HALT");
        check("Enable opt-in keywords", true);
        addKeyword("Opt-in keywords", "YES");
        addKeyword("Opt-in keywords", "JOIN");
        check("Send opt-in response", true);
        type("Opt-in response text", "Welcome to {businessName}!");
        save();
        awaitStatus("save-status", "Saved");

        JsonNode saved = api("GET", "/v1/businesses/console-shop/settings", null, null).json();
        assertThat(saved.get("source").asText()).isEqualTo("configured");
        assertThat(saved.get("businessName").asText()).isEqualTo("Console Shop");
        assertThat(saved.at("/optOut/keywords")).extracting(JsonNode::asText).containsExactly("Don't send me messages", "HALT");
        assertThat(saved.at("/optOut/responseEnabled").asBoolean()).isTrue();
        assertThat(saved.at("/optOut/reply").asText()).isEqualTo("You have left Console Shop. Reply JOIN to come back.");
        assertThat(saved.at("/optIn/enabled").asBoolean()).isTrue();
        assertThat(saved.at("/optIn/keywords")).extracting(JsonNode::asText).containsExactly("YES", "JOIN");
        assertThat(saved.at("/optIn/reply").asText()).isEqualTo("Welcome to Console Shop!");

        // A customer sends the new keyword: opted out, and the reply is the text saved on the page.
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.inbound().name(), "console-shop:919800000077",
                    Messages.text("console-shop", "919800000077", "wamid.console-1", now.getEpochSecond(), "halt!"));
        }
        List<ConsumerRecord<byte[], byte[]>> replies = TestKafka.readUntil(topics.replyCommands().name(),
                read -> read.stream().anyMatch(r -> key(r).equals("console-shop:919800000077")), Duration.ofSeconds(60));
        JsonNode reply = replies.stream().filter(r -> key(r).equals("console-shop:919800000077")).map(ConsoleIT::json)
                .findFirst().orElseThrow();
        assertThat(reply.get("purpose").asText()).isEqualTo("OPT_OUT_CONFIRMATION");
        assertThat(reply.at("/message/text/body").asText()).isEqualTo("You have left Console Shop. Reply JOIN to come back.");

        // The page shows the opt-out on the chart's day.
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            button("Load").click();
            return "1".equals(chartCell(day, "opt-outs"));
        });
        WebElement chart = browser.findElement(By.cssSelector("[aria-label='Opt-ins and opt-outs per day']"));
        assertThat(chart.findElements(By.cssSelector("svg rect.bar-out"))).hasSize(1);
        assertThat(chartCell(day, "opt-ins")).isEqualTo("0");

        // And the contact, looked up.
        field("Contact").clear();
        field("Contact").sendKeys("+91 98000-00077");
        button("Look up").click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.findElement(By.id("contact-result")).getText().contains("OPTED_OUT"));
        assertThat(browser.findElement(By.id("contact-result")).getText()).contains("HALT", "KEYWORD");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.findElement(By.id("contact-history")).getText().contains("UNKNOWN → OPTED_OUT"));
        assertThat(browser.findElement(By.id("contact-history")).getText()).contains("KEYWORD", "\"HALT\"");
        screenshot();
    }

    @Test
    void a_colliding_keyword_shows_an_alert_next_to_its_field_and_changes_nothing() {
        api("PUT", "/v1/businesses/console-clash/settings", ACME_SETTINGS, TOKEN);
        JsonNode before = api("GET", "/v1/businesses/console-clash/settings", null, null).json();
        load("console-clash");
        addKeyword("Opt-out keywords", "yes");
        expectedApiErrors.add("/v1/businesses/console-clash/settings");
        save();
        WebElement alert = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> alertNextTo("Opt-in keywords"), a -> a.isDisplayed());
        assertThat(alert.getText()).contains("\"YES\"", "opt-out");
        assertThat(status("save-status")).doesNotContain("Saved");
        assertThat(api("GET", "/v1/businesses/console-clash/settings", null, null).json()).isEqualTo(before);
    }

    @Test
    void every_problem_of_an_invalid_save_is_an_alert_next_to_its_field() {
        load("console-empty");
        check("Send opt-out response", true);
        expectedApiErrors.add("/v1/businesses/console-empty/settings");
        save();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> alertNextTo("Business name").isDisplayed());
        assertThat(alertNextTo("Business name").getText()).contains("businessName");
        assertThat(alertNextTo("Opt-out response text").getText()).contains("optOut.responseText");
        assertThat(api("GET", "/v1/businesses/console-empty/settings", null, null).json().get("source").asText())
                .isEqualTo("defaults");
    }

    @Test
    void each_problem_is_placed_by_the_field_path_the_service_gives_it() {
        load("console-paths");
        type("Business name", "Paths");
        addKeyword("Opt-out keywords", "!!");
        type("Confirmation template name", "Bad Name");
        type("Confirmation template language", "en_US");
        expectedApiErrors.add("/v1/businesses/console-paths/settings");
        save();
        WebElement template = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> browser.findElement(
                By.cssSelector(".problems[data-field='optIn.confirmationTemplate'] [role=alert]")), WebElement::isDisplayed);
        assertThat(template.getText()).startsWith("optIn.confirmationTemplate.name");
        assertThat(alertNextTo("Opt-out keywords").getText()).startsWith("optOut.keywords[0]");
        assertThat(browser.findElements(By.cssSelector(".problems[data-field=general] [role=alert]"))).isEmpty();
        assertThat(api("GET", "/v1/businesses/console-paths/settings", null, null).json().get("source").asText())
                .isEqualTo("defaults");
    }

    @Test
    void a_wrong_token_says_that_the_token_is_wrong_and_changes_nothing() {
        load("console-token");
        field("Admin token").clear();
        field("Admin token").sendKeys("not-the-token");
        type("Business name", "Should Not Be Saved");
        expectedApiErrors.add("/v1/businesses/console-token/settings");
        expectedApiErrors.add("/v1/businesses - ");
        save();
        WebElement alert = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector(".problems[data-field=token] [role=alert]")), WebElement::isDisplayed);
        assertThat(alert.getText()).contains("token is wrong");
        assertThat(status("save-status")).doesNotContain("Saved");
        assertThat(api("GET", "/v1/businesses/console-token/settings", null, null).json().get("source").asText())
                .isEqualTo("defaults");
    }

    @Test
    void a_keyword_written_as_markup_is_shown_as_those_characters_and_runs_nothing() {
        load("console-xss");
        type("Business name", "<b>Bold</b> & Co");
        addKeyword("Opt-out keywords", XSS);
        assertThat(optOutChips()).containsExactly(XSS);
        assertThat(button("Remove " + XSS).isDisplayed()).isTrue();
        save();
        awaitStatus("save-status", "Saved");
        assertThat(api("GET", "/v1/businesses/console-xss/settings", null, null).json().at("/optOut/keywords/0").asText())
                .isEqualTo(XSS);

        browser.navigate().refresh();
        load("console-xss");
        assertThat(optOutChips()).containsExactly(XSS);
        assertThat(field("Business name").getDomProperty("value")).isEqualTo("<b>Bold</b> & Co");
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("b"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void the_token_is_kept_in_session_storage_only_and_never_put_in_the_url() {
        load("console-session");
        type("Business name", "Session Shop");
        save();
        awaitStatus("save-status", "Saved");
        assertThat(browser.executeScript("return sessionStorage.getItem('optin.adminToken')")).isEqualTo(TOKEN);
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.executeScript("return document.cookie")).isEqualTo("");
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN).isEqualTo(base + "/");
    }

    @Test
    void the_business_id_field_offers_the_businesses_that_have_settings_to_whoever_has_the_token() {
        api("PUT", "/v1/businesses/console-listed/settings", ACME_SETTINGS, TOKEN);
        assertThat(api("GET", "/v1/businesses", null, null).status()).isEqualTo(401);
        assertThat(api("GET", "/v1/businesses", null, TOKEN).json().get("businesses")).extracting(JsonNode::asText)
                .contains("console-listed");
        field("Admin token").sendKeys(TOKEN, Keys.TAB);
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.cssSelector("#business-ids option"))
                .stream().anyMatch(o -> "console-listed".equals(o.getDomAttribute("value"))));
    }

    @Test
    void the_page_and_its_assets_forbid_inline_scripts_and_outside_origins() {
        for (String path : List.of("/", "/console.js", "/console.css", "/favicon.svg")) {
            HttpResponse<String> response = raw(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(policy).as(path).contains("default-src 'self'", "script-src 'self'").doesNotContain("unsafe-inline", "http");
            // The only URL in them is the SVG namespace, which loads nothing.
            assertThat(response.body().replace("http://www.w3.org/2000/svg", "")).as(path)
                    .doesNotContain("http://", "https://", "\"//", "'//", "url(", "@import", "innerHTML", "outerHTML", "insertAdjacentHTML",
                            "document.write", "eval(");
        }
        String page = raw("/").body();
        assertThat(page).contains("<script src=\"/console.js\" defer></script>");
        assertThat(page.split("<script").length).isEqualTo(2);
        assertThat(page).doesNotContain(" onclick=", " onload=", " style=");
    }

    /** The languages come from the service's GET /v1/language-packs, named by the browser. */
    @Test
    void the_languages_their_texts_the_template_and_the_outbound_gate_are_saved_from_the_page() {
        load("console-v2");
        type("Business name", "Tienda");
        assertThat(browser.findElement(By.id("language-words-es")).getText()).contains("BAJA", "NO MÁS");
        check("Spanish (es)", true);
        type("Opt-out response text (es)", "Te has dado de baja de {businessName}.");
        type("Confirmation template name", "optin_welcome");
        type("Confirmation template language", "en_US");
        check("Require opt-in for business-initiated messages", false);
        save();
        awaitStatus("save-status", "Saved");
        JsonNode saved = api("GET", "/v1/businesses/console-v2/settings", null, null).json();
        assertThat(saved.get("languages")).extracting(JsonNode::asText).containsExactly("es");
        assertThat(saved.at("/optOut/responseTexts/es").asText()).isEqualTo("Te has dado de baja de {businessName}.");
        assertThat(saved.at("/optIn/confirmationTemplate/name").asText()).isEqualTo("optin_welcome");
        assertThat(saved.at("/optIn/confirmationTemplate/language").asText()).isEqualTo("en_US");
        assertThat(saved.at("/outbound/requireOptIn").asBoolean()).isFalse();
        browser.navigate().refresh();
        load("console-v2");
        assertThat(field("Spanish (es)").isSelected()).isTrue();
        assertThat(field("Require opt-in for business-initiated messages").isSelected()).isFalse();
    }

    @Test
    void the_counts_are_summed_over_every_instance() {
        Map<String, String> second = new HashMap<>(config);
        second.put("optin.http.port", String.valueOf(TestKafka.freePort()));
        second.put("state.dir", TestKafka.tempDir("console-second").toString());
        long now = Instant.now().getEpochSecond();
        String day = LocalDate.ofInstant(Instant.ofEpochSecond(now), ZoneOffset.UTC).toString();
        try (ConsentService other = TestKafka.start(second); KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int i = 0; i < 20; i++) {
                String contact = "4915200000" + String.format("%03d", i);
                TestKafka.send(producer, topics.inbound().name(), null,
                        Messages.text("console-fleet", contact, "fleet-" + i, now, "STOP"));
            }
            String otherBase = "http://localhost:" + second.get("optin.http.port");
            // Both instances must hold some of the counts, or nothing is summed across them.
            await().atMost(Duration.ofSeconds(60)).until(() -> service.ready() && other.ready()
                    && service.streams().streamsMetadataForStore(TopologyNames.CHANGES_PER_DAY_STORE).stream()
                    .filter(m -> !m.topicPartitions().isEmpty()).count() == 2);
            for (String instance : List.of(base, otherBase)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Reply stats = call("GET", instance + "/v1/businesses/console-fleet/stats?days=7", null, null);
                    if (stats.status() == 503) {
                        return false;
                    }
                    assertThat(stats.status()).isEqualTo(200);
                    JsonNode today = stats.json().get("daily").get(6);
                    assertThat(today.get("date").asText()).isEqualTo(day);
                    // Never more than happened: a partition is never counted twice.
                    assertThat(today.get("optOuts").asLong()).isLessThanOrEqualTo(20);
                    return today.get("optOuts").asLong() == 20;
                });
            }
        }
        // The other instance has left: the tests after this one need the first to hold every count again.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> service.ready()
                && call("GET", base + "/v1/businesses/console-fleet/stats?days=1", null, null).status() == 200);
    }

    // ---- the page, as a person uses it ----

    private void load(String businessId) {
        WebElement token = field("Admin token");
        token.clear();
        token.sendKeys(TOKEN);
        WebElement id = field("Business ID");
        id.clear();
        id.sendKeys(businessId);
        button("Load").click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.findElement(By.id("settings-form")).isDisplayed()
                        && browser.findElement(By.id("settings-business")).getText().equals(businessId)
                        && !status("load-status").startsWith("Loading"));
    }

    private void save() {
        button("Save Settings").click();
    }

    private static WebElement field(String label) {
        WebElement element = browser.findElement(By.xpath("//label[normalize-space(.)=" + literal(label) + "]"));
        return browser.findElement(By.id(element.getDomAttribute("for")));
    }

    private static WebElement button(String name) {
        return browser.findElements(By.tagName("button")).stream()
                .filter(b -> name.equals(b.getDomAttribute("aria-label")) || name.equals(b.getText().trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no button named " + name));
    }

    private static void type(String label, String text) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(text);
    }

    private static void check(String label, boolean on) {
        WebElement box = field(label);
        if (box.isSelected() != on) {
            box.click();
        }
    }

    private static void addKeyword(String label, String keyword) {
        field(label).sendKeys(keyword, Keys.ENTER);
    }

    private static List<String> optOutChips() {
        return texts("#opt-out-chips .chip:not(.fixed) .chip-text");
    }

    private static List<String> builtInChips() {
        return texts("#opt-out-chips .chip.fixed .chip-text");
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static String status(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void awaitStatus(String id, String text) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> status(id).contains(text));
    }

    /** The first alert in the same field block as the label. */
    private static WebElement alertNextTo(String label) {
        return browser.findElement(By.xpath("//label[normalize-space(.)=" + literal(label)
                + "]/ancestor::div[contains(@class,'field')][1]//*[@role='alert']"));
    }

    private static String chartCell(String day, String column) {
        return browser.findElement(By.cssSelector("[aria-label='Opt-ins and opt-outs per day'] tr[data-date='" + day
                + "'] td." + column)).getDomProperty("textContent");
    }

    private static String literal(String s) {
        return s.contains("'") ? "\"" + s + "\"" : "'" + s + "'";
    }

    /** docs/console.png comes from here: {@code cp target/console.png docs/console.png}. */
    private static void screenshot() {
        browser.executeScript("window.scrollTo(0, 0);");
        Dimension window = browser.manage().window().getSize();
        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 120));
        try {
            Files.write(Path.of("target", "console.png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    // ---- the API beside the page ----

    record Reply(int status, JsonNode json) {
    }

    private static Reply api(String method, String path, String body, String token) {
        return call(method, base + path, body, token);
    }

    private static Reply call(String method, String url, String body, String token) {
        HttpResponse<String> response = OpenApiContract.send(HTTP,
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40)), method, body, token);
        try {
            return new Reply(response.statusCode(), Json.mapper().readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> raw(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

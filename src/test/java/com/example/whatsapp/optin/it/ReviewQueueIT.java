package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.http.OpenApiContract;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Contract, "Revocation in the customer's own words", end to end: a business on the default
 * (REVIEW) gets "please stop texting me" on the real in-JVM broker, the console lists it (the text
 * as text, markup included), "Opt out" opts the contact out through an AGENT consent record, and
 * the lookup shows it.
 */
class ReviewQueueIT {

    private static final String TOKEN = "review-admin-token";
    private static final String SHOP = "review-shop";
    private static final String ALICE = "919800000101";
    private static final String BOB = "919800000102";
    private static final String PLEASE_STOP = "please stop texting me";
    private static final String XSS = "<img src=x onerror=alert(1)>stop texting me";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Topics topics;
    private static ConsentService service;
    private static String base;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        Map<String, String> config = new HashMap<>(TestKafka.isolatedConfig("reviews"));
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

    @Test
    @DisplayName("A REVIEW business's flagged messages wait in the console, whose Opt out opts the contact out")
    void a_review_business_s_flagged_messages_are_listed_in_the_console_and_opt_out_opts_the_contact_out() {
        assertThat(api("PUT", "/v1/businesses/" + SHOP + "/settings", """
                {"businessName": "Review Shop",
                 "optOut": {"keywords": ["STOP"], "responseEnabled": true, "responseText": "Bye from {businessName}."}}""",
                TOKEN).status()).isIn(200, 202);
        long now = Instant.now().getEpochSecond();
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.inbound().name(), SHOP + ":" + ALICE,
                    Messages.text(SHOP, ALICE, "wamid.review-1", now, PLEASE_STOP));
            TestKafka.send(producer, topics.inbound().name(), SHOP + ":" + BOB,
                    Messages.text(SHOP, BOB, "wamid.review-2", now + 1, XSS));
        }
        List<ConsumerRecord<byte[], byte[]>> reviews = TestKafka.readUntil(topics.consentReviews().name(),
                read -> read.size() >= 2, Duration.ofSeconds(60));
        assertThat(reviews).extracting(r -> json(r).get("status").asText()).containsOnly("OPEN");
        // The default changes no consent: the lookup shows the open review, the contact still UNKNOWN.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                api("GET", "/v1/businesses/" + SHOP + "/contacts/" + ALICE, null, null).json().get("openReview").isObject());
        JsonNode before = api("GET", "/v1/businesses/" + SHOP + "/contacts/" + ALICE, null, null).json();
        assertThat(before.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(before.at("/openReview/tier").asText()).isEqualTo("CLEAR");

        browser.get(base + "/");
        load(SHOP);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> reviewTexts().size() == 2);
        // Newest message first, each exactly as written: markup shows as characters and runs nothing.
        assertThat(reviewTexts()).containsExactly(XSS, PLEASE_STOP);
        assertThat(browser.findElements(By.cssSelector("#review-list img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        button("Opt out " + ALICE).click();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                browser.findElement(By.id("reviews-status")).getText().contains("is opted out"));
        assertThat(reviewTexts()).containsExactly(XSS);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                api("GET", "/v1/businesses/" + SHOP + "/contacts/" + ALICE, null, null).json().get("status").asText()
                        .equals("OPTED_OUT"));
        JsonNode after = api("GET", "/v1/businesses/" + SHOP + "/contacts/" + ALICE, null, null).json();
        assertThat(after.get("trigger").asText()).isEqualTo("AGENT");
        assertThat(after.get("sourceRecordId").asText()).startsWith("review-");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                api("GET", "/v1/businesses/" + SHOP + "/contacts/" + ALICE, null, null).json().get("openReview").isNull());

        // The console's own lookup shows the opt-out.
        WebElement contact = field("Contact");
        contact.clear();
        contact.sendKeys(ALICE);
        button("Look up").click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.findElement(By.id("contact-result")).getText().contains("OPTED_OUT"));

        // Deciding it again is refused; the other review is still open and can be dismissed.
        String decided = json(reviews.stream().filter(r -> json(r).get("contactId").asText().equals(ALICE)).findFirst()
                .orElseThrow()).get("reviewId").asText();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                api("POST", "/v1/businesses/" + SHOP + "/reviews/" + decided, "{\"decision\":\"DISMISS\"}", TOKEN).status() == 409);
        button("Dismiss the message of " + BOB).click();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> reviewTexts().isEmpty());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                api("GET", "/v1/businesses/" + SHOP + "/reviews?status=DISMISSED", null, TOKEN).json().get("reviews").size() == 1);
        assertThat(api("GET", "/v1/businesses/" + SHOP + "/contacts/" + BOB, null, null).json().get("status").asText())
                .isEqualTo("UNKNOWN");

        for (LogEntry entry : Browser.console(browser)) {
            assertThat(entry.getLevel().intValue()).as(entry.getMessage()).isLessThan(Level.SEVERE.intValue());
        }
    }

    // ---- the page, as a person uses it ----

    private static void load(String businessId) {
        WebElement token = field("Admin token");
        token.clear();
        token.sendKeys(TOKEN);
        WebElement id = field("Business ID");
        id.clear();
        id.sendKeys(businessId);
        button("Load").click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.findElement(By.id("settings-form")).isDisplayed()
                        && browser.findElement(By.id("settings-business")).getText().equals(businessId));
    }

    private static List<String> reviewTexts() {
        return browser.findElements(By.cssSelector("#review-list .review-text")).stream()
                .map(e -> e.getDomProperty("textContent")).toList();
    }

    private static WebElement field(String label) {
        WebElement element = browser.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
        return browser.findElement(By.id(element.getDomAttribute("for")));
    }

    private static WebElement button(String name) {
        return browser.findElements(By.tagName("button")).stream()
                .filter(b -> name.equals(b.getDomAttribute("aria-label")) || name.equals(b.getText().trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no button named " + name));
    }

    // ---- the API beside the page ----

    record Reply(int status, JsonNode json) {
    }

    private static Reply api(String method, String path, String body, String token) {
        HttpResponse<String> response = OpenApiContract.send(HTTP,
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40)), method, body, token);
        try {
            return new Reply(response.statusCode(), Json.mapper().readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readTree(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.StatusCounts;
import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.query.SuppressionQueries;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The suppression list in pages, its summary, and the campaigns' opt-out rates. */
final class SuppressionRoutes {

    static final String CONTACTS = "/v1/businesses/{businessId}/contacts";
    static final String SUMMARY = "/v1/businesses/{businessId}/summary";
    static final String CAMPAIGNS = "/v1/businesses/{businessId}/campaigns";
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;
    static final int DEFAULT_DAYS = 30;
    private static final String CURSOR_PREFIX = "c1:";

    private final SuppressionQueries queries;
    private final Clock clock;

    /** @param queries null: the list and the counts are not kept here, and the routes answer 503 */
    SuppressionRoutes(SuppressionQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    private SuppressionQueries queries() {
        if (queries == null) {
            throw new ServiceUnavailableResponse("the suppression list is not kept here");
        }
        return queries;
    }

    void contacts(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        ConsentStatus status = enumParam(ctx, "status", ConsentStatus.OPTED_OUT, ConsentStatus.OPTED_OUT, ConsentStatus.OPTED_IN);
        Scope scope = enumParam(ctx, "scope", Scope.ALL, Scope.ALL, Scope.MARKETING);
        Long changedSince = changedSince(ctx.queryParam("changedSince"));
        int limit = QueryParams.wholeNumber(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT,
                "limit must be a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")");
        String after = cursor(ctx.queryParam("cursor"));
        String relayPath = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        SuppressionQueries.Answer<SuppressionQueries.Page> answer = queries().page(businessId,
                new SuppressionQueries.Filter(scope, status, changedSince), after, limit, relayPath,
                ctx.header("Authorization"), QueryParams.forwardedPartitions(ctx));
        SuppressionQueries.Page page = answered(answer);
        List<Object> contacts = new ArrayList<>(page.items().size());
        for (SuppressionQueries.Item item : page.items()) {
            contacts.add(item.relayed() != null ? item.relayed()
                    : Responses.Contact.of(businessId, item.contactId(), item.consent(), null));
        }
        String next = page.more() && !page.items().isEmpty()
                ? cursorOf(page.items().get(page.items().size() - 1).contactId()) : null;
        ctx.json(new Responses.ContactsPage(businessId, status, scope,
                changedSince == null ? null : Timestamps.format(changedSince), contacts, next));
    }

    void summary(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        StatusCounts counts = answered(queries().summary(businessId, QueryParams.forwardedPartitions(ctx)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("businessId", businessId);
        for (Scope scope : Scope.values()) {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            byStatus.put(ConsentStatus.OPTED_IN.name(), counts.of(scope, ConsentStatus.OPTED_IN));
            byStatus.put(ConsentStatus.OPTED_OUT.name(), counts.of(scope, ConsentStatus.OPTED_OUT));
            body.put(scope.name(), byStatus);
        }
        ctx.json(body);
    }

    void campaigns(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        int days = QueryParams.wholeNumber(ctx.queryParam("days"), DEFAULT_DAYS, 1, CampaignCounts.MAX_DAYS,
                "days must be a whole number from 1 to " + CampaignCounts.MAX_DAYS + " (default " + DEFAULT_DAYS + ")");
        LocalDate to = QueryParams.lastDay(ctx.queryParam("to"), DailyCounts.day(clock.millis()));
        LocalDate from = to.minusDays(days - 1L);
        Map<String, CampaignCounts> counts = answered(queries().campaigns(businessId, from, to,
                ctx.header("Authorization"), QueryParams.forwardedPartitions(ctx)));
        List<Responses.Campaign> campaigns = new ArrayList<>();
        counts.forEach((key, c) -> {
            CampaignCounts.Campaign campaign = CampaignCounts.Campaign.ofKey(key);
            campaigns.add(new Responses.Campaign(campaign.name(), campaign.campaignId(), campaign.templateName(),
                    c.approved(), c.suppressed(), c.optOuts(), c.optOutRate()));
        });
        campaigns.sort(Comparator.comparing(Responses.Campaign::optOutRate, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Responses.Campaign::optOuts, Comparator.reverseOrder())
                .thenComparing(Responses.Campaign::campaign));
        ctx.json(new Responses.Campaigns(businessId, days, from.toString(), to.toString(), campaigns));
    }

    private static <T> T answered(SuppressionQueries.Answer<T> answer) {
        if (answer instanceof SuppressionQueries.Unavailable<T> unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
        return ((SuppressionQueries.Answered<T>) answer).value();
    }

    @SafeVarargs
    private static <E extends Enum<E>> E enumParam(Context ctx, String name, E fallback, E... allowed) {
        String given = ctx.queryParam(name);
        if (given == null) {
            return fallback;
        }
        for (E value : allowed) {
            if (value.name().equals(given)) {
                return value;
            }
        }
        throw new BadRequestResponse(name + " must be one of " + Arrays.stream(allowed).map(Enum::name)
                .collect(Collectors.joining(", ")) + " (default " + fallback.name() + ")");
    }

    private static Long changedSince(String given) {
        if (given == null) {
            return null;
        }
        try {
            return Instant.parse(given).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(given).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(given).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw new BadRequestResponse("changedSince must be an ISO-8601 time, e.g. 2026-11-24T10:15:30.000Z,"
                            + " or a UTC day, e.g. 2026-11-24");
                }
            }
        }
    }

    static String cursorOf(String contactId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + contactId).getBytes(StandardCharsets.UTF_8));
    }

    /** The last contactId of the previous page, or null for the first page. */
    private static String cursor(String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(given), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                String contactId = decoded.substring(CURSOR_PREFIX.length());
                if (contactId.matches("[0-9]{5,20}")) {
                    return contactId;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new BadRequestResponse("cursor must be the next value of a previous page, unchanged");
    }
}

package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.query.DailyStatsQueries;
import com.example.whatsapp.optin.consent.DailyCounts;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** A business's opt-ins, opt-outs and marketing stops per UTC day: the console's chart. */
final class StatsRoutes {

    static final String STATS = "/v1/businesses/{businessId}/stats";
    static final int DEFAULT_DAYS = 30;

    private final DailyStatsQueries stats;
    private final Clock clock;

    /** @param stats null: the counts are not kept here, and the route answers 503 */
    StatsRoutes(DailyStatsQueries stats, Clock clock) {
        this.stats = stats != null ? stats
                : (businessId, from, to, partitions) -> new DailyStatsQueries.Unavailable("the daily counts are not kept here");
        this.clock = clock;
    }

    void get(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        int days = QueryParams.wholeNumber(ctx.queryParam("days"), DEFAULT_DAYS, 1, DailyCounts.MAX_DAYS,
                "days must be a whole number from 1 to " + DailyCounts.MAX_DAYS);
        LocalDate to = QueryParams.lastDay(ctx.queryParam("to"), DailyCounts.day(clock.millis()));
        LocalDate from = to.minusDays(days - 1L);
        Optional<Set<Integer>> partitions = QueryParams.forwardedPartitions(ctx);
        DailyStatsQueries.Answer answer = stats.count(businessId, from, to, partitions);
        if (answer instanceof DailyStatsQueries.Counted counted) {
            ctx.json(Responses.DailyStats.of(businessId, from, to, counted.byDay()));
        } else if (answer instanceof DailyStatsQueries.Unavailable unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
    }
}

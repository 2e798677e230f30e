package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.query.ReviewQueries;
import com.example.whatsapp.optin.records.ConsentRecordWriter;
import com.example.whatsapp.optin.records.ReviewStatusWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.InternalServerErrorResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;

import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The review queue: a business's reviews, newest first and paged, and a person's decision on one.
 * {@code OPT_OUT} writes an {@code AGENT} consent record through the record writer (decided like
 * any record), then either decision records the review's new status on the reviews topic.
 */
final class ReviewRoutes {

    static final String REVIEWS = "/v1/businesses/{businessId}/reviews";
    static final String REVIEW = REVIEWS + "/{reviewId}";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_NOTE_LENGTH = 1024;
    static final int MAX_CONSENT_TEXT_LENGTH = 4096;
    private static final List<String> DECISION_FIELDS = List.of("decision", "note");

    private final ReviewQueries reviews;
    private final ConsentRecordWriter records;
    private final ReviewStatusWriter statuses;
    private final Clock clock;
    /** The reviews this instance is deciding, so that two requests at once cannot both decide one. */
    private final Set<String> deciding = ConcurrentHashMap.newKeySet();

    ReviewRoutes(ReviewQueries reviews, ConsentRecordWriter records, ReviewStatusWriter statuses, Clock clock) {
        this.reviews = reviews;
        this.records = records;
        this.statuses = statuses;
        this.clock = clock;
    }

    void list(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        String statusGiven = ctx.queryParam("status");
        ConsentReview.Status status = status(statusGiven);
        int limit = QueryParams.wholeNumber(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT,
                "limit must be a whole number from 1 to " + MAX_LIMIT);
        ReviewQueries.Cursor after = cursor(ctx.queryParam("cursor"));
        String contactId = contactId(ctx.queryParam("contactId"));
        String reviewId = ctx.queryParam("reviewId");
        Optional<Set<Integer>> partitions = QueryParams.forwardedPartitions(ctx);
        // One more than the page, to know whether another page follows.
        int asked = partitions.isPresent() ? limit : limit + 1;
        ReviewQueries.Answer answer = reviews.list(businessId,
                new ReviewQueries.Filter(status, contactId, reviewId, after, asked), partitions);
        if (answer instanceof ReviewQueries.Unavailable unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
        List<ConsentReview> found = ((ReviewQueries.Listed) answer).reviews();
        List<ConsentReview> page = found.size() > limit ? found.subList(0, limit) : found;
        String next = found.size() > limit ? ReviewQueries.Cursor.of(page.get(page.size() - 1)).encode() : null;
        ctx.json(new Responses.Reviews(businessId, status == null ? "ALL" : status.name(), page, next));
    }

    void decide(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        String reviewId = ctx.pathParam("reviewId");
        Decision decision = decision(ctx.body());
        if (!deciding.add(reviewId)) {
            throw new ConflictResponse("review " + reviewId + " is being decided");
        }
        try {
            ConsentReview review = find(businessId, reviewId);
            if (!review.open()) {
                throw new ConflictResponse("review " + reviewId + " was decided already: " + review.status());
            }
            if (decision.status() == ConsentReview.Status.OPTED_OUT) {
                writeRecord(review, decision.note());
            }
            ConsentReview decided = review.decided(decision.status(), Timestamps.format(clock.millis()), decision.note());
            statuses.write(decided).ifPresent(reason -> {
                throw new ServiceUnavailableResponse(reason);
            });
            ctx.json(decided);
        } finally {
            deciding.remove(reviewId);
        }
    }

    private ConsentReview find(String businessId, String reviewId) {
        ReviewQueries.Answer answer = reviews.list(businessId, new ReviewQueries.Filter(null, null, reviewId, null, 1),
                Optional.empty());
        if (answer instanceof ReviewQueries.Unavailable unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
        List<ConsentReview> found = ((ReviewQueries.Listed) answer).reviews();
        if (found.isEmpty()) {
            throw new NotFoundResponse("no review " + reviewId + " of business " + businessId);
        }
        return found.get(0);
    }

    /** The contract's AGENT record of an opt-out a person decided on review. */
    private void writeRecord(ConsentReview review, String note) {
        if (records == null) {
            throw new ServiceUnavailableResponse("consent records cannot be written through this instance");
        }
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("recordId", "review-" + review.reviewId());
        record.put("businessId", review.businessId());
        record.put("contactId", review.contactId());
        record.put("status", "OPTED_OUT");
        record.put("channel", "AGENT");
        record.put("occurredAt", review.occurredAt());
        ObjectNode proof = record.putObject("proof");
        proof.put("consentText", codePoints(review.text(), MAX_CONSENT_TEXT_LENGTH));
        proof.put("source", "review:" + review.reviewId());
        proof.put("capturedBy", note == null ? "console" : note);
        ConsentRecordWriter.Outcome outcome = records.write(review.businessId(), record.toString());
        if (outcome instanceof ConsentRecordWriter.Failed failed) {
            throw new ServiceUnavailableResponse(failed.reason());
        }
        if (outcome instanceof ConsentRecordWriter.Invalid invalid) {
            throw new InternalServerErrorResponse("the review's consent record was rejected: " + invalid.records());
        }
    }

    private static String codePoints(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "(no text)";
        }
        return text.codePointCount(0, text.length()) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }

    private record Decision(ConsentReview.Status status, String note) {
    }

    private static Decision decision(String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestResponse("the body must be {\"decision\": \"OPT_OUT\" or \"DISMISS\", \"note\": optional}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!DECISION_FIELDS.contains(name)) {
                throw new BadRequestResponse("unknown field " + name + "; the fields are decision, note");
            }
        }
        JsonNode decision = root.get("decision");
        ConsentReview.Status status;
        if (decision != null && "OPT_OUT".equals(decision.textValue())) {
            status = ConsentReview.Status.OPTED_OUT;
        } else if (decision != null && "DISMISS".equals(decision.textValue())) {
            status = ConsentReview.Status.DISMISSED;
        } else {
            throw new BadRequestResponse("decision must be OPT_OUT or DISMISS");
        }
        JsonNode note = root.get("note");
        if (note == null || note.isNull()) {
            return new Decision(status, null);
        }
        if (!note.isTextual() || note.textValue().isEmpty()
                || note.textValue().codePointCount(0, note.textValue().length()) > MAX_NOTE_LENGTH) {
            throw new BadRequestResponse("note must be a string of 1 to " + MAX_NOTE_LENGTH + " characters");
        }
        return new Decision(status, note.textValue());
    }

    private static ConsentReview.Status status(String given) {
        if (given == null) {
            return ConsentReview.Status.OPEN;
        }
        if (given.equals("ALL")) {
            return null;
        }
        for (ConsentReview.Status status : ConsentReview.Status.values()) {
            if (status.name().equals(given)) {
                return status;
            }
        }
        throw new BadRequestResponse("status must be OPEN, OPTED_OUT, DISMISSED or ALL");
    }

    private static ReviewQueries.Cursor cursor(String given) {
        if (given == null) {
            return null;
        }
        return ReviewQueries.Cursor.decode(given)
                .orElseThrow(() -> new BadRequestResponse("cursor must be the next of a previous page, as it was given"));
    }

    private static String contactId(String given) {
        if (given == null) {
            return null;
        }
        return ContactIds.normalizeContactId(given).orElseThrow(() -> new BadRequestResponse(
                "contactId must be a WhatsApp id: 5 to 20 digits, with an optional leading +, spaces or dashes"));
    }

    /**
     * The open review of a contact as its lookup shows it (without the message's text, which only the
     * admin routes show): JSON null when it has none; null when the reviews cannot be read now.
     */
    static JsonNode openReviewOf(ReviewQueries reviews, String businessId, String contactId) {
        ReviewQueries.Answer answer = reviews.list(businessId,
                new ReviewQueries.Filter(ConsentReview.Status.OPEN, contactId, null, null, 1), Optional.empty());
        if (!(answer instanceof ReviewQueries.Listed listed)) {
            return null;
        }
        return listed.reviews().isEmpty() ? NullNode.getInstance()
                : Json.mapper().valueToTree(Responses.OpenReview.of(listed.reviews().get(0)));
    }
}

package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.events.ConsentReview;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every review as its latest record says, keyed so that one partition's reviews of a business
 * (or of one contact) are one key range: {@code <businessId>:<contactId>:<reviewId>}. A decided
 * review stays decided: an OPEN record read after its decision changes nothing.
 */
public final class IndexReviews implements Processor<String, ConsentReview, Void, Void> {

    private KeyValueStore<String, ConsentReview> reviews;

    /** The store key of a review. */
    public static String key(String businessId, String contactId, String reviewId) {
        return businessId + ":" + contactId + ":" + reviewId;
    }

    IndexReviews() {
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.reviews = context.getStateStore(TopologyNames.REVIEWS_STORE);
    }

    @Override
    public void process(Record<String, ConsentReview> record) {
        ConsentReview review = record.value();
        if (review == null) {
            return;
        }
        String key = key(review.businessId(), review.contactId(), review.reviewId());
        ConsentReview stored = reviews.get(key);
        if (stored != null && !stored.open() && review.open()) {
            return;
        }
        reviews.put(key, review);
    }
}

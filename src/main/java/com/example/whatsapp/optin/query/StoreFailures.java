package com.example.whatsapp.optin.query;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;

/** How a query logs a store it could not ask: the caller answers 503 either way. */
final class StoreFailures {

    private StoreFailures() {
    }

    /** A store that is moving (a rebalance, a restore) is routine and logged at DEBUG; anything else is a fault, at WARN. */
    static void log(Logger log, String what, RuntimeException e) {
        if (e instanceof InvalidStateStoreException) {
            log.debug(what, e);
        } else {
            log.warn(what, e);
        }
    }
}

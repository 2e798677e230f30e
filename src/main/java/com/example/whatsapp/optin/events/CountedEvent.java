package com.example.whatsapp.optin.events;

/**
 * The fields of a ConsentEvent that the daily counts read; every other field is ignored, so the
 * counts read events of any version.
 *
 * @param scope null on an event without a scope, which means {@code ALL}
 */
public record CountedEvent(String businessId, String status, String scope, String occurredAt) {
}

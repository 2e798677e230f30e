package com.example.whatsapp.optin.topology;

/**
 * The topic names, as configured.
 *
 * @param validSettings the service's own compacted topic of validated settings, which feeds the
 *                      global settings store
 */
public record Topics(String inbound, String settings, String consentEvents, String replyCommands, String deadLetter,
                     String validSettings) {
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.consent.ContactIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "contact", mixinStandardHelpOptions = true, description = "Prints a contact's consent.")
public final class ContactCommand extends BusinessApiCommand {

    @Option(names = "--contact", required = true, paramLabel = "CONTACT_ID", description = "WhatsApp id, e.g. 919876543210 or +91 98765-43210.")
    String contactId;

    @Override
    int call(ServiceConfig config) {
        String id = ContactIds.normalizeContactId(contactId)
                .orElseThrow(() -> new IllegalArgumentException("--contact must be a WhatsApp id: 5 to 20 digits"));
        return send(service.client(config), "GET", "contacts/" + id, null);
    }
}

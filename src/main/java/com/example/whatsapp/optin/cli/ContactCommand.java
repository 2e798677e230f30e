package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.consent.ContactIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "contact", mixinStandardHelpOptions = true, description = "Prints a contact's consent.")
public final class ContactCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;
    @Spec
    CommandSpec spec;
    @Mixin
    BusinessOption business;
    @Option(names = "--contact", required = true, paramLabel = "CONTACT_ID", description = "WhatsApp id, e.g. 919876543210 or +91 98765-43210.")
    String contactId;

    @Override
    public Integer call() {
        ServiceConfig config = service.load();
        String id = ContactIds.normalizeContactId(contactId)
                .orElseThrow(() -> new IllegalArgumentException("--contact must be a WhatsApp id: 5 to 20 digits"));
        return SettingsCommand.print(spec, service.client(config).send("GET",
                "/v1/businesses/" + business.value() + "/contacts/" + id, null));
    }
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.consent.ContactIds;
import picocli.CommandLine.Option;

/** {@code --business}, checked against the business id rule before anything is sent. */
public final class BusinessOption {

    @Option(names = "--business", required = true, paramLabel = "BUSINESS_ID",
            description = "The business's id, as in the topics' keys and the API's paths: " + ContactIds.BUSINESS_ID_RULE + ".")
    String businessId;

    String value() {
        if (!ContactIds.isValidBusinessId(businessId)) {
            throw new IllegalArgumentException("--business must be " + ContactIds.BUSINESS_ID_RULE);
        }
        return businessId;
    }
}

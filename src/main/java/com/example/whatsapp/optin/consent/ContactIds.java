package com.example.whatsapp.optin.consent;

import java.util.Optional;

/** The contract's identities: business ids, WhatsApp contact ids and the contact key. */
public final class ContactIds {

    public static final int MAX_BUSINESS_ID_LENGTH = 128;
    /** The business id rule, as error messages state it. */
    public static final String BUSINESS_ID_RULE = "1 to 128 characters from [A-Za-z0-9._-]";

    private ContactIds() {
    }

    public static boolean isValidBusinessId(String businessId) {
        if (businessId == null || businessId.isEmpty() || businessId.length() > MAX_BUSINESS_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < businessId.length(); i++) {
            char c = businessId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical contact id: a leading {@code +}, spaces and dashes removed, then 5 to 20 ASCII
     * digits; empty when the input is not a WhatsApp id.
     */
    public static Optional<String> normalizeContactId(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(raw.length());
        boolean leading = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c == '+' && leading) {
                leading = false;
                continue;
            }
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            leading = false;
            digits.append(c);
        }
        if (digits.length() < 5 || digits.length() > 20) {
            return Optional.empty();
        }
        return Optional.of(digits.toString());
    }

    public static String contactKey(String businessId, String contactId) {
        return businessId + ":" + contactId;
    }

    /** For logs: the last four digits only. */
    public static String mask(String contactId) {
        if (contactId == null) {
            return "null";
        }
        int visible = Math.min(4, contactId.length() / 3);
        return "*".repeat(contactId.length() - visible) + contactId.substring(contactId.length() - visible);
    }
}

package com.example.whatsapp.optin.outbound;

/**
 * The fields of an OutboundDecision that the campaign counts read; every other field is ignored.
 *
 * @param decision {@code APPROVED} or {@code SUPPRESSED}
 * @param message  only its {@code type} and {@code template.name}
 */
public record CountedDecision(String businessId, String category, String decision, String decidedAt, String campaignId,
                              Message message) {

    public record Message(String type, Template template) {
    }

    public record Template(Object name) {
    }

    /** The message's template name when the message is a template, else null. */
    public String templateName() {
        if (message == null || message.template() == null || !(message.template().name() instanceof String name)
                || name.isEmpty()) {
            return null;
        }
        return message.type() == null || "template".equals(message.type()) ? name : null;
    }
}

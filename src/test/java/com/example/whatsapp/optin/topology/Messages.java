package com.example.whatsapp.optin.topology;

/** Inbound message JSON for tests, in the contract's shapes. */
public final class Messages {

    private Messages() {
    }

    public static String text(String businessId, String from, String id, long timestamp, String body) {
        return "{\"businessId\":\"" + businessId + "\",\"from\":\"" + from + "\",\"id\":\"" + id
                + "\",\"timestamp\":\"" + timestamp + "\",\"type\":\"text\",\"text\":{\"body\":" + quote(body) + "}}";
    }

    public static String button(String businessId, String from, String id, long timestamp, String payload, String text) {
        return "{\"businessId\":\"" + businessId + "\",\"from\":\"" + from + "\",\"id\":\"" + id
                + "\",\"timestamp\":\"" + timestamp + "\",\"type\":\"button\",\"button\":{\"payload\":" + quote(payload)
                + ",\"text\":" + quote(text) + "}}";
    }

    public static String buttonReply(String businessId, String from, String id, long timestamp, String replyType,
                              String replyId, String title) {
        return "{\"businessId\":\"" + businessId + "\",\"from\":\"" + from + "\",\"id\":\"" + id
                + "\",\"timestamp\":" + timestamp + ",\"type\":\"interactive\",\"interactive\":{\"type\":\"" + replyType
                + "\",\"" + replyType + "\":{\"id\":" + quote(replyId) + ",\"title\":" + quote(title) + "}}}";
    }

    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    public static final String ACME_SETTINGS = """
            {
              "businessName": "Acme Store",
              "optOut": {
                "keywords": ["STOP", "UNSUBSCRIBE", "Don't send me messages"],
                "responseEnabled": true,
                "responseText": "You have unsubscribed from {businessName} on WhatsApp. Reply START to subscribe again."
              },
              "optIn": {
                "enabled": true,
                "keywords": ["YES", "START", "JOIN"],
                "responseEnabled": true,
                "responseText": "Thanks for subscribing to {businessName} on WhatsApp! Reply STOP at any time to stop."
              }
            }""";
}

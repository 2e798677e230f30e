package com.example.whatsapp.optin.kafka;

import java.util.Properties;
import java.util.Set;

/** The service's Kafka properties cut down to what one kind of client knows, so that it warns about none. */
public final class ClientProperties {

    private ClientProperties() {
    }

    /** The properties of {@code kafka} whose names are among {@code names} (a client's {@code configNames()}). */
    public static Properties only(Properties kafka, Set<String> names) {
        Properties props = new Properties();
        kafka.forEach((key, value) -> {
            if (names.contains(key.toString())) {
                props.put(key, value);
            }
        });
        return props;
    }
}

package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.settings.ClosestName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings from environment variables, the containers' convention: the property's name in upper
 * case, dots and dashes as underscores. The service's own settings keep their {@code OPTIN_}
 * ({@code OPTIN_HTTP_PORT} sets {@code optin.http.port}); Kafka's get {@code KAFKA_}
 * ({@code KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}).
 *
 * <p>An {@code OPTIN_} variable that names no setting is a mistake, like an unknown
 * {@code optin.} key in a file. A {@code KAFKA_} variable that names no property of a Kafka
 * client is ignored, since such variables are common for other purposes ({@code KAFKA_HOME},
 * {@code KAFKA_OPTS}, Kubernetes' {@code KAFKA_PORT}); one within two letters of a known one is
 * reported as a likely misspelling.
 */
final class EnvironmentVariables {

    static final String SERVICE_PREFIX = "OPTIN_";
    static final String KAFKA_PREFIX = "KAFKA_";
    /** The command line's admin token (cli/ServiceOptions), not a setting of the service. */
    static final String CLI_ADMIN_TOKEN = "OPTIN_ADMIN_TOKEN";
    private static final int LIKELY_MISSPELLING = 2;

    private static final Map<String, String> KAFKA_PROPERTIES = byVariable(KafkaPropertyNames.KNOWN);

    private EnvironmentVariables() {
    }

    /**
     * @param settings  the properties the variables set
     * @param misspelt  {@code KAFKA_} variables that look like a misspelt property, each with its likely meaning
     */
    record Read(Map<String, String> settings, List<String> misspelt) {
    }

    /** The variable that sets a property: {@code optin.http.admin-token} is {@code OPTIN_HTTP_ADMIN_TOKEN}. */
    static String variable(String property) {
        String name = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return property.startsWith(ServiceSettings.PREFIX) ? name : KAFKA_PREFIX + name;
    }

    static Read read(Map<String, String> environment, Set<String> serviceSettings) {
        Map<String, String> serviceProperties = byVariable(serviceSettings);
        Map<String, String> settings = new TreeMap<>();
        List<String> misspelt = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        new TreeMap<>(environment).forEach((variable, value) -> {
            if (variable.startsWith(SERVICE_PREFIX) && !variable.equals(CLI_ADMIN_TOKEN)) {
                String property = serviceProperties.get(variable);
                if (property == null) {
                    unknown.add(variable + " (did you mean " + ClosestName.among(variable, serviceProperties.keySet()) + "?)");
                } else {
                    settings.put(property, value);
                }
            } else if (variable.startsWith(KAFKA_PREFIX)) {
                String property = KAFKA_PROPERTIES.get(variable);
                if (property != null) {
                    settings.put(property, value);
                } else {
                    String closest = ClosestName.among(variable, KAFKA_PROPERTIES.keySet());
                    if (ClosestName.distance(variable, closest) <= LIKELY_MISSPELLING) {
                        misspelt.add(variable + " (did you mean " + closest + "?)");
                    }
                }
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException("unknown service setting" + (unknown.size() == 1 ? " " : "s ")
                    + "in the environment: " + String.join(", ", unknown));
        }
        return new Read(settings, List.copyOf(misspelt));
    }

    private static Map<String, String> byVariable(Set<String> properties) {
        Map<String, String> byVariable = new HashMap<>();
        properties.forEach(property -> byVariable.put(variable(property), property));
        return Map.copyOf(byVariable);
    }
}

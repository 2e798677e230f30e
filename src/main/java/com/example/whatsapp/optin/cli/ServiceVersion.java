package com.example.whatsapp.optin.cli;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code --version}: the service's version, as Maven built it, and the Kafka clients' it carries. */
public final class ServiceVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    public static String service() {
        try (InputStream in = ServiceVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[]{"whatsapp-optin " + service(), "Kafka " + AppInfoParser.getVersion()};
    }
}

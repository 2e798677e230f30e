package com.example.whatsapp.optin.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the settings come from, each source over the one before: the defaults file
 * {@code config/optin.properties} (packed into the jar), a file, the environment, explicit overrides.
 */
final class ConfigSources {

    static final String DEFAULTS_RESOURCE = "optin.properties";

    /**
     * @param settings          every setting named, service's and Kafka's alike
     * @param misspeltVariables {@code KAFKA_} variables that look like a misspelt property, each with its likely meaning
     */
    record Read(Map<String, String> settings, List<String> misspeltVariables) {
    }

    private ConfigSources() {
    }

    /** The defaults file, then {@code file} (may be null), then the environment, then {@code overrides}. */
    static Read read(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> settings = defaults();
        if (file != null) {
            settings.putAll(read(file));
        }
        EnvironmentVariables.Read fromEnvironment = EnvironmentVariables.read(environment, ServiceSettings.DEFINITION.names());
        settings.putAll(fromEnvironment.settings());
        settings.putAll(overrides);
        return new Read(settings, fromEnvironment.misspelt());
    }

    private static Map<String, String> defaults() {
        try (InputStream in = ConfigSources.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default configuration is missing from the jar");
            }
            return properties(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default configuration", e);
        }
    }

    private static Map<String, String> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return properties(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException("cannot read the config file " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new InvalidSettingException("cannot read the config file " + file + ": permission denied", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException("cannot read the config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> properties(Reader reader) throws IOException {
        Properties props = new Properties();
        props.load(reader);
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(key -> map.put(key, props.getProperty(key)));
        return map;
    }
}

package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.Main;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the HTTP API listens, the read token, and when the embedded broker may start. */
class HttpExposureSettingsTest {

    @Nested
    class BindAddress {

        @Test
        void without_a_read_token_the_api_listens_on_the_loopback_address() {
            assertThat(ServiceConfig.defaultsWith(Map.of()).httpHost()).isEqualTo("127.0.0.1");
            assertThat(ServiceConfig.defaultsWith(Map.of()).readToken()).isNull();
        }

        @Test
        void with_a_read_token_it_listens_on_every_interface() {
            ServiceConfig config = ServiceConfig.defaultsWith(Map.of("optin.http.read-token", "r"));
            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
            assertThat(config.readToken()).isEqualTo("r");
        }

        @Test
        void an_explicit_loopback_address_needs_no_token() {
            assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.host", "127.0.0.1")).httpHost()).isEqualTo("127.0.0.1");
            assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.host", "localhost")).httpHost()).isEqualTo("localhost");
        }

        @Test
        void any_other_address_without_a_read_token_is_refused_in_one_line() {
            for (String host : new String[] {"0.0.0.0", "::"}) {
                ServiceConfig config = ServiceConfig.defaultsWith(Map.of("optin.http.host", host));
                assertThatThrownBy(config::httpHost)
                        .isInstanceOf(InvalidSettingException.class)
                        .hasMessage("optin.http.host=" + host + " would serve contacts' data to other machines without a token:"
                                + " set optin.http.read-token (OPTIN_HTTP_READ_TOKEN), or bind to 127.0.0.1");
            }
        }

        @Test
        void the_admin_token_alone_does_not_allow_another_address() {
            assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.http.host", "0.0.0.0", "optin.http.admin-token", "a")).httpHost())
                    .isInstanceOf(InvalidSettingException.class);
        }

        @Test
        void any_address_with_a_read_token_is_taken() {
            assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.host", "0.0.0.0", "optin.http.read-token", "r")).httpHost())
                    .isEqualTo("0.0.0.0");
        }

        @Test
        void the_read_token_and_the_address_come_from_the_environment_too() {
            ServiceConfig config = ServiceConfig.load(null, Map.of("OPTIN_HTTP_HOST", "0.0.0.0", "OPTIN_HTTP_READ_TOKEN", "r"), Map.of());
            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
            assertThat(config.readToken()).isEqualTo("r");
        }

        @Test
        void the_tools_beside_the_service_run_with_its_settings_on_any_address() {
            assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.host", "0.0.0.0")).topics()).isNotNull();
        }

        @Test
        void the_service_refuses_to_start_on_another_address_without_a_read_token(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("exposed.properties");
            Files.writeString(file, "optin.http.host=0.0.0.0\n");
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute("--config", file.toString())).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("error: optin.http.host=0.0.0.0 would serve contacts' data to other"
                    + " machines without a token: set optin.http.read-token (OPTIN_HTTP_READ_TOKEN), or bind to 127.0.0.1");
        }
    }

    @Nested
    class EmbeddedBroker {

        @Test
        void without_bootstrap_servers_the_embedded_broker_starts_by_default() {
            assertThat(ServiceConfig.defaultsWith(Map.of()).startEmbeddedBroker()).isTrue();
        }

        @Test
        void with_bootstrap_servers_it_never_starts() {
            assertThat(ServiceConfig.defaultsWith(Map.of("bootstrap.servers", "kafka:9092", "optin.embedded.enabled", "true"))
                    .startEmbeddedBroker()).isFalse();
        }

        @Test
        void switched_off_and_without_bootstrap_servers_the_service_refuses_to_start_in_one_line() {
            ServiceConfig config = ServiceConfig.defaultsWith(Map.of("optin.embedded.enabled", "false"));
            assertThatThrownBy(config::startEmbeddedBroker).isInstanceOf(InvalidSettingException.class)
                    .hasMessage("bootstrap.servers is not set and the embedded broker is off (optin.embedded.enabled=false):"
                            + " set KAFKA_BOOTSTRAP_SERVERS to the cluster, or OPTIN_EMBEDDED_ENABLED=true for a single-node trial broker");
        }

        @Test
        void switched_off_with_bootstrap_servers_the_service_uses_the_cluster() {
            assertThat(ServiceConfig.defaultsWith(Map.of("optin.embedded.enabled", "false", "bootstrap.servers", "kafka:9092"))
                    .startEmbeddedBroker()).isFalse();
        }
    }
}

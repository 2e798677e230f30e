package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandTest {

    @Test
    void config_prints_every_service_setting_with_its_description_and_default() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new BufferedWriter(out)));
        assertThat(cli.execute("config")).isZero();
        assertThat(out.toString()).contains("# --- HTTP\n", "# The HTTP API's port.\noptin.http.port=8080\n",
                "optin.keywords.builtin-opt-out=STOP,STOPALL,UNSUBSCRIBE,OPTOUT,OPT OUT,REVOKE\n", "optin.http.admin-token=\n");
    }
}

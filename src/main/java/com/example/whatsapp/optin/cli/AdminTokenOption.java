package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Option;

/** {@code --token}, for the commands that change settings (the reads need none). */
public final class AdminTokenOption {

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin token (default: $OPTIN_ADMIN_TOKEN, else the config's optin.http.admin-token).")
    String token;

    String value(ServiceConfig loaded) {
        if (token != null) {
            return token;
        }
        String fromEnvironment = System.getenv("OPTIN_ADMIN_TOKEN");
        return fromEnvironment != null ? fromEnvironment : loaded.adminToken();
    }
}

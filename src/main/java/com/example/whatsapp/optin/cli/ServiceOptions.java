package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the service's HTTP API is, and the admin token for writes. */
public final class ServiceOptions {

    @Mixin
    ConfigOptions config;

    @Option(names = "--url", paramLabel = "URL", description = "The service's HTTP API (default http://localhost:<optin.http.port>).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Admin token (default: $OPTIN_ADMIN_TOKEN, else the config's optin.http.admin-token).")
    String token;

    ServiceConfig load() {
        return config.load();
    }

    ApiClient client(ServiceConfig loaded) {
        String base = url != null ? url : "http://localhost:" + loaded.httpPort();
        String bearer = token != null ? token : System.getenv("OPTIN_ADMIN_TOKEN") != null ? System.getenv("OPTIN_ADMIN_TOKEN") : loaded.adminToken();
        return new ApiClient(base, bearer);
    }
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the service's HTTP API is. */
public final class ServiceOptions {

    @Mixin
    ConfigOptions config;

    @Option(names = "--url", paramLabel = "URL", description = "The service's HTTP API (default http://localhost:<optin.http.port>).")
    String url;

    ServiceConfig load() {
        return config.load();
    }

    /** A client for the routes anyone may call. */
    ApiClient client(ServiceConfig loaded) {
        return new ApiClient(baseUrl(loaded), null);
    }

    /** A client for the routes that change settings. */
    ApiClient client(ServiceConfig loaded, AdminTokenOption token) {
        return new ApiClient(baseUrl(loaded), token.value(loaded));
    }

    private String baseUrl(ServiceConfig loaded) {
        return url != null ? url : "http://localhost:" + loaded.httpPort();
    }
}

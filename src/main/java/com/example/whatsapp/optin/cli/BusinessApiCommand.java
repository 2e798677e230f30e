package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that calls one of a business's routes of the service's HTTP API and prints the answer. */
abstract class BusinessApiCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;
    @Spec
    CommandSpec spec;
    @Mixin
    BusinessOption business;

    @Override
    public final Integer call() {
        return call(service.load());
    }

    abstract int call(ServiceConfig config);

    /** Sends to {@code /v1/businesses/{business}/{route}} and prints the answer; exits 2 when the service refused the request (4xx), 1 on any other failure. */
    final int send(ApiClient client, String method, String route, String body) {
        ApiClient.Response response = client.send(method, "/v1/businesses/" + business.value() + "/" + route, body);
        if (response.ok()) {
            spec.commandLine().getOut().println(response.body());
            return 0;
        }
        spec.commandLine().getErr().println("error: HTTP " + response.status() + ": " + response.body());
        return response.status() / 100 == 4 ? 2 : 1;
    }
}

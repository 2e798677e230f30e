package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.settings.SettingsValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Reads and changes a business's opt-in settings through the service's HTTP API.",
        subcommands = {SettingsCommand.Get.class, SettingsCommand.Put.class, SettingsCommand.Delete.class})
public final class SettingsCommand {

    static int print(CommandSpec spec, ApiClient.Response response) {
        if (response.ok()) {
            spec.commandLine().getOut().println(response.body());
            return 0;
        }
        spec.commandLine().getErr().println("error: HTTP " + response.status() + ": " + response.body());
        return response.status() / 100 == 4 ? 2 : 1;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints the effective settings, built-in keywords included.")
    static final class Get implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ServiceOptions service;
        @Spec
        CommandSpec spec;
        @Mixin
        BusinessOption business;

        @Override
        public Integer call() {
            ServiceConfig config = service.load();
            return print(spec, service.client(config).send("GET", "/v1/businesses/" + business.value() + "/settings", null));
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Validates the settings in FILE (as the service does) and writes them; nothing is written when they are invalid.")
    static final class Put implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ServiceOptions service;
        @Spec
        CommandSpec spec;
        @Mixin
        BusinessOption business;
        @Mixin
        AdminTokenOption token;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The settings, an OptInSettings JSON object.")
        Path file;

        @Override
        public Integer call() {
            ServiceConfig config = service.load();
            String json = InputFiles.read(file);
            SettingsValidator.Result result = new SettingsValidator(config.builtInOptOut())
                    .validate(business.value(), json, "--business");
            if (!result.valid()) {
                spec.commandLine().getErr().println("error: invalid settings, nothing written: " + String.join("; ", result.messages()));
                return 2;
            }
            return print(spec, service.client(config, token).send("PUT", "/v1/businesses/" + business.value() + "/settings", json));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Removes the settings: the business falls back to the defaults.")
    static final class Delete implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ServiceOptions service;
        @Spec
        CommandSpec spec;
        @Mixin
        BusinessOption business;
        @Mixin
        AdminTokenOption token;

        @Override
        public Integer call() {
            ServiceConfig config = service.load();
            return print(spec, service.client(config, token).send("DELETE", "/v1/businesses/" + business.value() + "/settings", null));
        }
    }
}

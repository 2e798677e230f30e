package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.settings.SettingsValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Reads and changes a business's opt-in settings through the service's HTTP API.",
        subcommands = {SettingsCommand.Get.class, SettingsCommand.Put.class, SettingsCommand.Delete.class})
public final class SettingsCommand {

    private static final String ROUTE = "settings";

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints the effective settings, built-in keywords included.")
    static final class Get extends BusinessApiCommand {
        @Override
        int call(ServiceConfig config) {
            return send(service.client(config), "GET", ROUTE, null);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Validates the settings in FILE (as the service does) and writes them; nothing is written when they are invalid.")
    static final class Put extends BusinessApiCommand {
        @Mixin
        AdminTokenOption token;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The settings, an OptInSettings JSON object.")
        Path file;

        @Override
        int call(ServiceConfig config) {
            String json = InputFiles.read(file);
            SettingsValidator.Result result = new SettingsValidator(config.builtInOptOut())
                    .validate(business.value(), json, "--business");
            if (!result.valid()) {
                spec.commandLine().getErr().println("error: invalid settings, nothing written: " + String.join("; ", result.messages()));
                return 2;
            }
            return send(service.client(config, token), "PUT", ROUTE, json);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Removes the settings: the business falls back to the defaults.")
    static final class Delete extends BusinessApiCommand {
        @Mixin
        AdminTokenOption token;

        @Override
        int call(ServiceConfig config) {
            return send(service.client(config, token), "DELETE", ROUTE, null);
        }
    }
}

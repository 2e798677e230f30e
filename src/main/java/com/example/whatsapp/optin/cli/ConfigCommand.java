package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Prints every optin.* setting with its description and default, as a properties file to start yours from.")
public final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ServiceSettings.describe());
        out.flush();
        return 0;
    }
}

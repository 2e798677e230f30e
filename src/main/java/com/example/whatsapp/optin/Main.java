package com.example.whatsapp.optin;

import com.example.whatsapp.optin.cli.ConfigCommand;
import com.example.whatsapp.optin.cli.ConsumeCommand;
import com.example.whatsapp.optin.cli.ContactCommand;
import com.example.whatsapp.optin.cli.ExportCommand;
import com.example.whatsapp.optin.cli.ImportCommand;
import com.example.whatsapp.optin.cli.SettingsCommand;
import com.example.whatsapp.optin.cli.ProduceCommand;
import com.example.whatsapp.optin.cli.RunCommand;
import com.example.whatsapp.optin.cli.ServiceVersion;
import com.example.whatsapp.optin.cli.TopicsCommand;
import com.example.whatsapp.optin.config.InvalidSettingException;
import picocli.CommandLine;

/** {@code java -jar whatsapp-optin.jar}: runs the service, or one of the small Kafka tools beside it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RunCommand())
                .addSubcommand(new ProduceCommand())
                .addSubcommand(new ConsumeCommand())
                .addSubcommand(new SettingsCommand())
                .addSubcommand(new ContactCommand())
                .addSubcommand(new TopicsCommand())
                .addSubcommand(new ImportCommand())
                .addSubcommand(new ConfigCommand())
                .addSubcommand(new ExportCommand());
        setVersionProvider(cli, new ServiceVersion());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof InvalidSettingException || e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli;
    }

    /** Every command's {@code --version} says the same. */
    private static void setVersionProvider(CommandLine command, CommandLine.IVersionProvider provider) {
        command.getCommandSpec().versionProvider(provider);
        command.getSubcommands().values().forEach(sub -> setVersionProvider(sub, provider));
    }
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.TreeMap;

/** The service's topics, from its one catalogue: what they are, and creating them ahead of the service. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Lists or creates the service's topics (names from the configuration).",
        subcommands = {TopicsCommand.ListTopics.class, TopicsCommand.CreateTopics.class})
public final class TopicsCommand {

    static void print(CommandSpec spec, List<NewTopic> topics) {
        for (NewTopic topic : topics) {
            spec.commandLine().getOut().println(topic.name() + "\t" + topic.numPartitions() + " partition"
                    + (topic.numPartitions() == 1 ? "" : "s") + "\t" + new TreeMap<>(topic.configs()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Prints each topic with the partitions and configs the service creates it with.")
    static final class ListTopics implements Runnable {
        @Mixin
        ConfigOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            ServiceConfig config = options.load();
            print(spec, TopicSetup.required(config));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the missing topics with their cleanup policies and waits until every one answers.")
    static final class CreateTopics implements Runnable {
        @Mixin
        ConfigOptions options;
        @Spec
        CommandSpec spec;
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Default: the config's, else the embedded broker's.")
        String bootstrapServers;

        @Override
        public void run() {
            ServiceConfig config = options.load();
            TopicSetup.prepare(config, options.bootstrap(config, bootstrapServers), true);
            print(spec, TopicSetup.required(config));
        }
    }
}

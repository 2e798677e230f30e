package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.TreeMap;

/** The service's topics, from its one catalogue: what they are, and creating them ahead of the service. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Lists or creates the service's topics (names from the configuration).",
        subcommands = {TopicsCommand.ListTopics.class, TopicsCommand.CreateTopics.class})
public final class TopicsCommand {

    /** Prints each topic of the catalogue with the partitions and configs the service creates it with. */
    abstract static class CatalogueCommand extends ConfiguredCommand {
        @Override
        final int call(ServiceConfig config) {
            prepare(config);
            for (NewTopic topic : TopicSetup.required(config)) {
                spec.commandLine().getOut().println(topic.name() + "\t" + topic.numPartitions() + " partition"
                        + (topic.numPartitions() == 1 ? "" : "s") + "\t" + new TreeMap<>(topic.configs()));
            }
            return 0;
        }

        void prepare(ServiceConfig config) {
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Prints each topic with the partitions and configs the service creates it with.")
    static final class ListTopics extends CatalogueCommand {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the missing topics with their cleanup policies and waits until every one answers.")
    static final class CreateTopics extends CatalogueCommand {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Default: the config's, else the embedded broker's.")
        String bootstrapServers;

        @Override
        void prepare(ServiceConfig config) {
            TopicSetup.prepare(config, options.bootstrap(config, bootstrapServers), true);
        }
    }
}

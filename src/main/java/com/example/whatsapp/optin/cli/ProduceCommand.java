package com.example.whatsapp.optin.cli;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Writes one record to a topic and waits until Kafka acknowledges it.")
public final class ProduceCommand extends KafkaToolCommand {

    @Option(names = "--key", description = "The record key (none when left out).")
    String key;

    @ArgGroup(multiplicity = "1")
    Value value;

    static final class Value {
        @Option(names = "--value", paramLabel = "TEXT", description = "The record value.")
        String text;

        @Option(names = "--file", paramLabel = "FILE", description = "The record value, read from a file.")
        Path file;

        @Option(names = "--tombstone", description = "A null value (deletes a key of a compacted topic).")
        boolean tombstone;
    }

    @Override
    public Integer call() throws InterruptedException {
        Properties props = kafka.clientProperties();
        String topic = kafka.topic;
        String payload = value.tombstone ? null : value.file != null ? InputFiles.read(value.file) : value.text;
        KafkaOptions.acknowledgedProducer(props);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, key, payload)).get();
            spec.commandLine().getOut().println("written to " + written.topic() + "-" + written.partition() + " at offset " + written.offset());
            return 0;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getCause().getMessage(), e);
        }
    }
}

package com.example.whatsapp.optin.cli;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Prints a topic's committed records, one 'key<TAB>value' line each, until none arrive for --timeout.")
public final class ConsumeCommand extends KafkaToolCommand {

    @Option(names = "--from-beginning", description = "Start at the oldest record rather than the newest.")
    boolean fromBeginning;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Stop after this long without a record (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--headers", description = "After each record, one '<TAB>name: value' line per header "
            + "(line breaks and tabs in a value shown as \\n and \\t), e.g. the dead-letter topic's __streams.errors.*.")
    boolean headers;

    @Option(names = "--max", paramLabel = "N", defaultValue = "2147483647", description = "Stop after N records.")
    int max;

    @Override
    public Integer call() {
        Properties props = kafka.clientProperties();
        String topic = kafka.topic;
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaOptions.requireAnswer(props);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            if (fromBeginning) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
            }
            int printed = 0;
            long quietSince = System.nanoTime();
            while (printed < max && System.nanoTime() - quietSince < Duration.ofSeconds(timeoutSeconds).toNanos()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    spec.commandLine().getOut().println(record.key() + "\t" + record.value());
                    if (headers) {
                        for (Header header : record.headers()) {
                            spec.commandLine().getOut().println("\t" + header.key() + ": " + oneLine(header.value()));
                        }
                    }
                    quietSince = System.nanoTime();
                    if (++printed >= max) {
                        break;
                    }
                }
            }
            return 0;
        }
    }

    /** A header value on one line: a stack trace's line breaks would otherwise look like records. */
    private static String oneLine(byte[] value) {
        if (value == null) {
            return "null";
        }
        return new String(value, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\r", "\\r")
                .replace("\n", "\\n").replace("\t", "\\t");
    }
}

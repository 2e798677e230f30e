package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.topology.Messages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The latency benchmark's load, from its own process so that generating it does not share the
 * measured JVM: inbound messages at a fixed rate, 1% keywords (half STOP texts, half JOIN
 * buttons), each keyword message's id carrying its send time in epoch microseconds
 * ({@code lat<i>-<micros>}), which its ReplyCommand echoes as {@code context.message_id}.
 *
 * <p>Arguments: bootstrap servers, topic, messages per second, seconds, first message number.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        double rate = Double.parseDouble(args[2]);
        long seconds = Long.parseLong(args[3]);
        long first = Long.parseLong(args[4]);
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            Random random = new Random(7);
            long total = (long) (rate * seconds);
            long start = System.nanoTime();
            for (long n = 0; n < total; n++) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 200_000) {
                    LockSupport.parkNanos(wait);
                }
                long i = first + n;
                String phone = String.format("9196%08d", i);
                boolean keyword = i % 100 == 0;
                String value;
                if (keyword) {
                    Instant now = Instant.now();
                    String id = "lat" + i + "-" + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
                    value = random.nextBoolean() ? Messages.text("biz0", phone, id, 1_764_000_000L + i, "STOP")
                            : Messages.button("biz0", phone, id, 1_764_000_000L + i, "JOIN", "Join");
                } else {
                    value = Messages.text("biz0", phone, "lat" + i, 1_764_000_000L + i, "hello there");
                }
                producer.send(new ProducerRecord<>(topic, "biz0:" + phone, value));
            }
            producer.flush();
            System.out.printf("LOAD %d messages in %.1f s%n", total, (System.nanoTime() - start) / 1e9);
        }
    }
}

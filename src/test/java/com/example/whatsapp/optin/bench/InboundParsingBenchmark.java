package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.inbound.InboundParser;
import com.example.whatsapp.optin.inbound.TreeInboundParser;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.KeywordMatcher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The cost of reading one inbound record, on the shapes the service sees most: flat chat text
 * (ASCII and not) and a webhook envelope; then the same with the keyword lookup that follows on
 * every record; beside it the same with the tree parser the streaming one replaced. Measured in
 * thread CPU time, so that other processes on a shared machine do not count: 10 warm-up rounds,
 * then the median (and the fastest) of 15 rounds of 200,000 records, the two parsers in turn.
 *
 * <p>{@code mvn -B -Pbenchmark package -Dbench.main=com.example.whatsapp.optin.bench.InboundParsingBenchmark -Dbench.args=}
 */
public final class InboundParsingBenchmark {

    private static final int WARM_UP_ROUNDS = 10;
    private static final int ROUNDS = 15;
    private static final int RECORDS = 200_000;

    static final Map<String, String> RECORDS_BY_SHAPE = Map.of(
            "flat ASCII chat", "{\"businessId\":\"acme\",\"from\":\"919876543210\","
                    + "\"id\":\"wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0VCMDRGQjU5NTk0QjI2MDlFQzUA\",\"timestamp\":\"1764000000\","
                    + "\"type\":\"text\",\"text\":{\"body\":\"Hi, has my order #4521 shipped yet? Thanks!\"}}",
            "flat Unicode chat", "{\"businessId\":\"acme\",\"from\":\"919876543210\","
                    + "\"id\":\"wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0VCMDRGQjU5NTk0QjI2MDlFQzUA\",\"timestamp\":\"1764000000\","
                    + "\"type\":\"text\",\"text\":{\"body\":\"नमस्ते, मेरा ऑर्डर कब आएगा? धन्यवाद 🙏🏽\"}}",
            "webhook envelope", "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                    + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                    + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},\"wa_id\":\"16505551234\"}],"
                    + "\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=\","
                    + "\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color?\"}}]},"
                    + "\"field\":\"messages\"}]}]}");

    private InboundParsingBenchmark() {
    }

    public static void main(String[] args) {
        InboundParser parser = new InboundParser(Json.mapper());
        TreeInboundParser tree = new TreeInboundParser(Json.mapper());
        KeywordMatcher matcher = KeywordMatcher.of(List.of("STOP", "UNSUBSCRIBE", "Don't send me messages"),
                List.of("STOP", "UNSUBSCRIBE"), List.of("YES", "START", "JOIN"));
        System.out.printf("%-18s %-18s %22s %22s%n", "record", "work", "streaming: median, fastest", "tree (before): median, fastest");
        for (String shape : List.of("flat ASCII chat", "flat Unicode chat", "webhook envelope")) {
            byte[] value = RECORDS_BY_SHAPE.get(shape).getBytes(StandardCharsets.UTF_8);
            for (boolean match : new boolean[] {false, true}) {
                List<ToIntFunction<byte[]>> work = new ArrayList<>();
                for (Function<byte[], InboundBatch> parse : List.<Function<byte[], InboundBatch>>of(parser::parse, tree::parse)) {
                    work.add(match ? v -> matcher.match(parse.apply(v).messages().get(0).candidates()).isPresent() ? 1 : 0
                            : v -> parse.apply(v).messages().size());
                }
                List<List<Double>> nanos = measure(work, value);
                System.out.printf("%-18s %-18s %11.0f ns %7.0f ns %16.0f ns %7.0f ns%n", shape, match ? "parse, then match" : "parse",
                        nanos.get(0).get(ROUNDS / 2), nanos.get(0).get(0), nanos.get(1).get(ROUNDS / 2), nanos.get(1).get(0));
            }
        }
    }

    /** Each work's CPU time per record in each round, sorted; the works take turns, round by round. */
    private static List<List<Double>> measure(List<ToIntFunction<byte[]>> works, byte[] value) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<List<Double>> perRecord = new ArrayList<>();
        works.forEach(w -> perRecord.add(new ArrayList<>()));
        long sink = 0;
        for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
            for (int w = 0; w < works.size(); w++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < RECORDS; i++) {
                    sink += works.get(w).applyAsInt(value);
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                if (round >= WARM_UP_ROUNDS) {
                    perRecord.get(w).add((double) cpu / RECORDS);
                }
            }
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        perRecord.forEach(Collections::sort);
        return perRecord;
    }
}

package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.consent.KeywordMatch;
import com.example.whatsapp.optin.consent.TextNormalizer;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.SettingsValidator;
import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.inbound.InboundMessage;
import com.example.whatsapp.optin.inbound.InboundParser;
import com.example.whatsapp.optin.kafka.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every inbound record costs before any store or repartition: reading the value, normalizing
 * its text and looking it up in the business's keywords, on the shapes the service sees most.
 * Average time per record and, with {@code -prof gc}, bytes allocated per record
 * ({@code gc.alloc.rate.norm}).
 *
 * <p>{@code mvn -B -Pjmh process-test-classes} (arguments for JMH: {@code -Djmh.args="-prof gc"})
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HotPathBenchmark {

    private static final String ID = "\"id\":\"wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0VCMDRGQjU5NTk0QjI2MDlFQzUA\",\"timestamp\":\"1764000000\",";

    /** A record value of each shape: flat messages as most producers write them, and a Cloud API webhook envelope. */
    static final Map<String, String> SHAPES = Map.of(
            "ascii-chat", "{\"businessId\":\"acme\",\"from\":\"919876543210\"," + ID
                    + "\"type\":\"text\",\"text\":{\"body\":\"Hi, has my order #4521 shipped yet? Thanks!\"}}",
            "unicode-chat", "{\"businessId\":\"acme\",\"from\":\"919876543210\"," + ID
                    + "\"type\":\"text\",\"text\":{\"body\":\"नमस्ते, मेरा ऑर्डर कब आएगा? धन्यवाद 🙏🏽\"}}",
            "ascii-keyword", "{\"businessId\":\"acme\",\"from\":\"919876543210\"," + ID
                    + "\"type\":\"text\",\"text\":{\"body\":\"Stop.\"}}",
            "envelope", "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                    + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                    + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},\"wa_id\":\"16505551234\"}],"
                    + "\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=\","
                    + "\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color?\"}}]},"
                    + "\"field\":\"messages\"}]}]}");

    /** The settings of the README's walkthrough, with the service's built-in opt-out keywords. */
    static final String SETTINGS = """
            {"businessName": "Acme Store",
             "optOut": {"keywords": ["STOP", "UNSUBSCRIBE", "Don't send me messages"], "responseEnabled": true,
                        "responseText": "You have unsubscribed from {businessName}. Reply START to subscribe again."},
             "optIn": {"enabled": true, "keywords": ["YES", "START", "JOIN"], "responseEnabled": true,
                       "responseText": "Thanks for subscribing to {businessName}! Reply STOP at any time to stop."}}""";
    static final List<String> BUILT_IN_OPT_OUT = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");

    @Param({"ascii-chat", "unicode-chat", "ascii-keyword", "envelope"})
    public String shape;

    private InboundParser parser;
    private BusinessSettings business;
    private byte[] value;
    private String text;
    private List<String> candidates;

    @Setup
    public void setUp() {
        parser = new InboundParser(Json.mapper());
        SettingsValidator.Result settings = new SettingsValidator(BUILT_IN_OPT_OUT).validate("acme", SETTINGS);
        if (!settings.valid()) {
            throw new IllegalStateException(settings.problems().toString());
        }
        business = BusinessSettings.compile(settings.settings(), BUILT_IN_OPT_OUT);
        value = SHAPES.get(shape).getBytes(StandardCharsets.UTF_8);
        candidates = parser.parse(value).messages().get(0).candidates();
        text = candidates.get(0);
    }

    /** The inbound deserializer's work: the record's bytes to messages. */
    @Benchmark
    public InboundBatch read() {
        return parser.parse(value);
    }

    /** The contract's five normalization steps on the message text. */
    @Benchmark
    public String normalize() {
        return TextNormalizer.normalize(text);
    }

    /** Normalization and the keyword lookup, as match-keywords does for a message already read. */
    @Benchmark
    public Optional<KeywordMatch> match() {
        return business.matcher().match(candidates);
    }

    /** All three, as one record goes through the deserializer and match-keywords. */
    @Benchmark
    public void readNormalizeMatch(Blackhole blackhole) {
        for (InboundMessage message : parser.parse(value).messages()) {
            blackhole.consume(business.matcher().match(message.candidates()));
        }
    }
}

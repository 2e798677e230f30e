package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.consent.KeywordMatch;
import com.example.whatsapp.optin.consent.KeywordMatcher;
import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.RevocationDetector;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the revocation detector costs per text message, for a business with every language pack:
 * chat the pre-filter rejects (also chat of common words: how, can, want, with), chat that passes it
 * and needs the full check (a complaint about what was sent, one chat message in ten of the end-to-end
 * benchmark's realistic mix, among them), and revocations.
 * The baseline in the same run is the exact keyword match every text message already gets
 * ({@code match}); {@code detect} is what detection adds after it.
 *
 * <p>{@code mvn -B -Pjmh process-test-classes -Djmh.args="RevocationDetectorBenchmark -prof gc -wi 2 -i 3 -f 1"}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RevocationDetectorBenchmark {

    static final Map<String, String> TEXTS = Map.of(
            "rejected-ascii", "Hi, has my order #4521 shipped yet? Thanks!",
            "rejected-unicode", "नमस्ते, मेरा ऑर्डर कब आएगा? धन्यवाद 🙏🏽",
            "rejected-common-words", "Hi, how can I change the address? I want it with the blue one",
            "full-check-nothing", "Can you stop by tomorrow? I need to change the delivery address on my order",
            "full-check-clear", "Please stop sending me these messages, thank you",
            "full-check-possible", "who is this? how did you get my number",
            "full-check-unicode", "मुझे मैसेज मत भेजो",
            "full-check-complaint", "stop sending the wrong size please");

    @Param({"rejected-ascii", "rejected-unicode", "rejected-common-words", "full-check-nothing", "full-check-clear", "full-check-possible",
            "full-check-unicode", "full-check-complaint"})
    public String message;

    private String text;
    private RevocationDetector detector;
    private KeywordMatcher matcher;
    private List<String> candidates;

    @Setup
    public void setUp() {
        List<String> languages = List.copyOf(LanguagePacks.codes());
        List<String> optOut = new ArrayList<>(HotPathBenchmark.BUILT_IN_OPT_OUT);
        languages.forEach(code -> optOut.addAll(LanguagePacks.keywords(code)));
        detector = RevocationDetector.of(languages, optOut, List.of("START", "YES", "HELP", "INFO", "STOP PROMOTIONS"));
        matcher = KeywordMatcher.of(List.of(), HotPathBenchmark.BUILT_IN_OPT_OUT, languages, List.of("START", "YES"));
        text = TEXTS.get(message);
        candidates = List.of(text);
        if (detector.detect(text).isPresent() == (message.startsWith("rejected") || message.endsWith("nothing")
                || message.endsWith("complaint"))) {
            throw new IllegalStateException("unexpected detection for " + message);
        }
    }

    /** Baseline: the exact keyword match that runs on every text message before detection. */
    @Benchmark
    public Optional<KeywordMatch> match() {
        return matcher.match(candidates);
    }

    /** The detector on the same text. */
    @Benchmark
    public Optional<Revocation> detect() {
        return detector.detect(text);
    }
}

package com.example.whatsapp.optin.consent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Locale;
import java.util.stream.Stream;

import static com.example.whatsapp.optin.consent.TextNormalizer.normalize;
import static org.assertj.core.api.Assertions.assertThat;

class TextNormalizerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // the contract's own examples
                Arguments.of("STOP", "stop"),
                Arguments.of("Stop", "stop"),
                Arguments.of("stop.", "stop"),
                Arguments.of("Don’t send me messages", "don't send me messages"),
                Arguments.of("ＳＴＯＰ", "stop"),
                Arguments.of("please stop", "please stop"),
                // smart quotes and other apostrophe-likes
                Arguments.of("Don‘t", "don't"),
                Arguments.of("Don‛t", "don't"),
                Arguments.of("Don′t", "don't"),
                Arguments.of("Don´t", "don't"),
                Arguments.of("Don`t", "don't"),
                Arguments.of("Don＇t", "don't"),
                Arguments.of("say “stop” now", "say \"stop\" now"),
                Arguments.of("say „stop″ now", "say \"stop\" now"),
                Arguments.of("“STOP”", "stop"),
                Arguments.of("＂STOP＂", "stop"),
                // full-width and compatibility forms
                Arguments.of("ＵＮＳＵＢＳＣＲＩＢＥ", "unsubscribe"),
                Arguments.of("ﬁn", "fin"),
                // trailing and leading punctuation, symbols and emoji
                Arguments.of("STOP!!!", "stop"),
                Arguments.of("¡¿STOP?!", "stop"),
                Arguments.of("STOP 🛑", "stop"),
                Arguments.of("STOP 👍🏽", "stop"),
                Arguments.of("🙏🏿 stop 🙏🏿", "stop"),
                Arguments.of("STOP ❤️", "stop"),
                Arguments.of("STOP ✋️", "stop"),
                Arguments.of("STOP 👨‍👩‍👧", "stop"),
                Arguments.of("STOP 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "stop"),
                Arguments.of("STOP 🇮🇳", "stop"),
                Arguments.of("$STOP€", "stop"),
                Arguments.of("(stop)", "stop"),
                // inner punctuation is kept
                Arguments.of("opt-out", "opt-out"),
                Arguments.of("OPT-OUT.", "opt-out"),
                Arguments.of("don't", "don't"),
                Arguments.of("stop!now", "stop!now"),
                // zero-width characters
                Arguments.of("S\u200BT\u200CO\u200DP", "stop"),
                Arguments.of("\uFEFFSTOP\u2060", "stop"),
                // white space: runs, tabs, newlines, Unicode spaces
                Arguments.of("  opt \t\n  out  ", "opt out"),
                Arguments.of("opt\u00A0out", "opt out"),
                Arguments.of("opt\u3000out", "opt out"),
                Arguments.of("opt\u2003\u2009out", "opt out"),
                Arguments.of("opt\r\nout", "opt out"),
                Arguments.of("opt \u200B out", "opt out"),
                // scripts with combining marks: the marks survive, at the end too
                Arguments.of("रुको", "रुको"),
                Arguments.of("रुको!", "रुको"),
                Arguments.of(" बंद करो 🙏", "बंद करो"),
                Arguments.of("café", "café"),
                Arguments.of("cafe\u0301", "café"),
                // letters and digits at the ends are kept
                Arguments.of("1", "1"),
                Arguments.of("STOP2", "stop2"),
                // nothing left
                Arguments.of("", ""),
                Arguments.of("   ", ""),
                Arguments.of("!!! 🛑 ...", ""),
                Arguments.of("\u200B", ""));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void normalizes(String input, String expected) {
        assertThat(normalize(input)).isEqualTo(expected);
    }

    @Test
    void every_case_gives_the_same_result_under_a_turkish_default_locale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            cases().forEach(c -> assertThat(normalize((String) c.get()[0]))
                    .as("under tr-TR: %s", c.get()[0]).isEqualTo(c.get()[1]));
            assertThat(normalize("UNSUBSCRIBE")).isEqualTo("unsubscribe");
            assertThat(normalize("OPT IN")).isEqualTo("opt in");
            assertThat(normalize("STOPALL")).isEqualTo("stopall");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void every_case_gives_the_same_result_under_other_default_locales() {
        Locale saved = Locale.getDefault();
        try {
            for (String tag : new String[] {"az-AZ", "lt-LT", "el-GR", "hi-IN", "ar-SA"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                cases().forEach(c -> assertThat(normalize((String) c.get()[0]))
                        .as("under %s: %s", tag, c.get()[0]).isEqualTo(c.get()[1]));
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void normalizing_twice_equals_normalizing_once() {
        cases().forEach(c -> {
            String once = normalize((String) c.get()[0]);
            assertThat(normalize(once)).isEqualTo(once);
        });
    }

    @Test
    void marks_reordered_by_lower_casing_still_give_a_fixed_point() {
        // Found by TextNormalizerPropertyTest: İ lower-cases to i + U+0307, out of canonical order before U+094D.
        for (String text : new String[] {"İ\u094D", "İ\uFF9E", "e\u200B\u0301", "STOP\u200B\u0301"}) {
            String once = normalize(text);
            assertThat(normalize(once)).as(text).isEqualTo(once);
        }
        assertThat(normalize("cafe\u200B\u0301")).isEqualTo("café");
    }

    @Test
    void never_throws_on_broken_text() {
        assertThat(normalize(null)).isEmpty();
        assertThat(normalize("\uD800stop\uDC00")).isEqualTo("stop");
        assertThat(normalize("stop\u0000\u0007")).isEqualTo("stop");
        assertThat(normalize("x".repeat(100_000))).hasSize(100_000);
    }
}

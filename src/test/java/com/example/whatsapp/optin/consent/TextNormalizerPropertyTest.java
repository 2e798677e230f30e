package com.example.whatsapp.optin.consent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Locale;

import static com.example.whatsapp.optin.consent.TextNormalizer.normalize;
import static org.assertj.core.api.Assertions.assertThat;

/** Normalization is total, idempotent and independent of the default locale, for any text. */
class TextNormalizerPropertyTest {

    private static final String[] PIECES = {
            "STOP", "stop", "İ", "ı", "I", "i", "Σ", "ς", "ß", "ẞ", "ǅ", "ﬁ", "Ｓ", "①", "½", "ᴬ",
            "’", "‘", "‛", "′", "´", "`", "＇", "“", "”", "„", "″", "＂", "'", "\"",
            " ", "\t", "\n", "\r\n", "\u00A0", "\u2003", "\u3000", "\u0085", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF",
            "!", ".", "?", "¿", "-", "_", "(", ")", "$", "€", "+", "=", "…",
            "🛑", "👍", "🏽", "❤", "\uFE0F", "\uFE0E", "👨\u200D👩\u200D👧", "🇮🇳", "1\uFE0F\u20E3", "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC7F",
            "\u0301", "\u0308", "\u093F", "\u094D", "क", "ु", "ो", "ं", "ह", "ी", "ن", "ع", "م", "一", "ア", "ｱ", "ﾞ", "가", "\u1100\u1161",
            "\uD800", "\uDC00", "\u0000", "\u0007", "\u001B", "\uFFFF", "\u202E", "\u200E"};

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> codePoints = Arbitraries.integers().between(0, 0x10FFFF).list().ofMaxSize(20)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
        return Arbitraries.oneOf(pieces, anyChars, codePoints);
    }

    @Property(tries = 3000)
    void normalizing_twice_equals_normalizing_once(@ForAll("texts") String text) {
        String once = normalize(text);
        assertThat(normalize(once)).isEqualTo(once);
    }

    /** A result taken after one pass, as already fixed, must be what repeating the steps until nothing changes gives. */
    @Property(tries = 5000)
    void the_one_pass_shortcut_equals_repeating_the_steps(@ForAll("texts") String text) throws Exception {
        java.lang.reflect.Method steps = TextNormalizer.class.getDeclaredMethod("applySteps", String.class);
        steps.setAccessible(true);
        String repeated = (String) steps.invoke(null, text);
        for (String again = (String) steps.invoke(null, repeated); !again.equals(repeated); again = (String) steps.invoke(null, again)) {
            repeated = again;
        }
        assertThat(normalize(text)).isEqualTo(repeated);
    }

    @Property(tries = 1500)
    void the_result_never_depends_on_the_default_locale(@ForAll("texts") String text) {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT);
            String expected = normalize(text);
            for (String tag : new String[] {"tr-TR", "az-AZ", "lt-LT", "el-GR", "nl-NL"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                assertThat(normalize(text)).as(tag).isEqualTo(expected);
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Property(tries = 3000)
    void the_ends_are_letters_digits_or_marks_and_no_space_runs_remain(@ForAll("texts") String text) {
        String result = normalize(text);
        assertThat(result).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ")
                .doesNotContain("\u200B").doesNotContain("\uFEFF").doesNotContain("\t").doesNotContain("\n");
    }

    @Provide
    Arbitrary<String> ascii() {
        return Arbitraries.strings().ascii().ofMaxLength(30)
                .injectDuplicates(0.1)
                .edgeCases(c -> c.add(" \t\n "));
    }

    /** The ASCII fast path must agree with the general steps on every ASCII text. */
    @Property(tries = 5000)
    void the_ascii_fast_path_equals_the_general_path(@ForAll("ascii") String text) throws Exception {
        java.lang.reflect.Method general = TextNormalizer.class.getDeclaredMethod("applySteps", String.class);
        general.setAccessible(true);
        assertThat(normalize(text)).isEqualTo(general.invoke(null, text));
    }

    /** The matcher skips a text this says is too long for any keyword: normalizing it must agree. */
    @Property(tries = 5000)
    void a_text_said_to_normalize_longer_than_a_length_does(@ForAll("ascii") String ascii, @ForAll("texts") String any,
                                                            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 30) int length) {
        for (String text : new String[] {ascii, any, ascii + any}) {
            if (TextNormalizer.normalizesLongerThan(text, length)) {
                assertThat(normalize(text).length()).as(text).isGreaterThan(length);
            }
        }
    }

    @Property(tries = 10)
    void never_throws_on_huge_bodies(@ForAll("texts") String seed) {
        String huge = (seed + "x\uD800 🛑\u0000").repeat(100_000 / (seed.length() + 6) + 1);
        assertThat(huge.length()).isGreaterThanOrEqualTo(100_000);
        String once = normalize(huge);
        assertThat(normalize(once)).isEqualTo(once);
    }
}

package com.example.whatsapp.optin.consent;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordMatcherTest {

    private static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");

    private final KeywordMatcher acme = KeywordMatcher.of(
            List.of("Stop", "Don't send me messages", "बंद करो"), BUILT_IN, List.of("YES", "START", "JOIN"));

    @Test
    void a_whole_message_equal_to_a_keyword_after_normalization_matches() {
        assertThat(acme.match(List.of("stop."))).contains(new KeywordMatch(Direction.OPT_OUT, "Stop"));
        assertThat(acme.match(List.of("DON’T SEND ME MESSAGES 🙏"))).contains(new KeywordMatch(Direction.OPT_OUT, "Don't send me messages"));
        assertThat(acme.match(List.of("बंद करो"))).contains(new KeywordMatch(Direction.OPT_OUT, "बंद करो"));
        assertThat(acme.match(List.of("yes!"))).contains(new KeywordMatch(Direction.OPT_IN, "YES"));
    }

    @Test
    void part_of_a_message_never_matches() {
        assertThat(acme.match(List.of("please stop"))).isEmpty();
        assertThat(acme.match(List.of("yes please"))).isEmpty();
        assertThat(acme.match(List.of("stopp"))).isEmpty();
    }

    @Test
    void built_ins_apply_and_the_business_spelling_wins_when_both_normalize_alike() {
        assertThat(acme.match(List.of("revoke"))).contains(new KeywordMatch(Direction.OPT_OUT, "REVOKE"));
        assertThat(acme.match(List.of("STOP"))).contains(new KeywordMatch(Direction.OPT_OUT, "Stop"));
    }

    @Test
    void opt_out_wins_over_opt_in_whatever_the_candidate_order() {
        assertThat(acme.match(List.of("JOIN", "STOP"))).contains(new KeywordMatch(Direction.OPT_OUT, "Stop"));
    }

    @Test
    void the_first_matching_candidate_names_the_keyword() {
        assertThat(acme.match(List.of("UNSUBSCRIBE", "STOP"))).contains(new KeywordMatch(Direction.OPT_OUT, "UNSUBSCRIBE"));
        assertThat(acme.match(List.of("hello", "START", "YES"))).contains(new KeywordMatch(Direction.OPT_IN, "START"));
    }

    @Test
    void no_opt_in_keywords_means_opt_in_never_matches() {
        KeywordMatcher defaults = KeywordMatcher.of(List.of(), BUILT_IN, List.of());
        assertThat(defaults.match(List.of("START"))).isEmpty();
        assertThat(defaults.match(List.of("opt   out"))).contains(new KeywordMatch(Direction.OPT_OUT, "OPT OUT"));
        assertThat(defaults.match(List.of())).isEmpty();
    }

    @Test
    void an_empty_message_never_matches() {
        assertThat(acme.match(List.of("", "  ", "🛑"))).isEmpty();
    }

    @Test
    void the_longest_keyword_still_matches_with_any_spacing_and_punctuation_around_it() {
        // chat with more letters and digits than the longest keyword is rejected without normalizing
        assertThat(acme.match(List.of("...  DON'T   send me\tmessages !!! ---"))).contains(new KeywordMatch(Direction.OPT_OUT, "Don't send me messages"));
        assertThat(acme.match(List.of("Don't send me messages2"))).isEmpty();
        assertThat(acme.match(List.of("Hi, has my order #4521 shipped yet? Thanks!", "JOIN"))).contains(new KeywordMatch(Direction.OPT_IN, "JOIN"));
    }

    @Test
    void a_language_pack_s_keyword_is_reported_with_its_language_the_first_listed_one_for_a_shared_word() {
        KeywordMatcher esFirst = KeywordMatcher.of(List.of(), BUILT_IN, List.of("es", "pt"), List.of());
        KeywordMatcher ptFirst = KeywordMatcher.of(List.of(), BUILT_IN, List.of("pt", "es"), List.of());
        assertThat(esFirst.match(List.of("parar"))).contains(new KeywordMatch(Direction.OPT_OUT, "PARAR", "es"));
        assertThat(ptFirst.match(List.of("parar"))).contains(new KeywordMatch(Direction.OPT_OUT, "PARAR", "pt"));
        assertThat(ptFirst.match(List.of("no más"))).contains(new KeywordMatch(Direction.OPT_OUT, "NO MÁS", "es"));
    }

    @Test
    void a_pack_word_that_is_a_business_or_built_in_keyword_is_theirs() {
        KeywordMatcher matcher = KeywordMatcher.of(List.of("Baja"), List.of("ARRET"), List.of("es", "fr"), List.of());
        assertThat(matcher.match(List.of("BAJA"))).contains(new KeywordMatch(Direction.OPT_OUT, "Baja"));
        assertThat(matcher.match(List.of("arret"))).contains(new KeywordMatch(Direction.OPT_OUT, "ARRET"));
        assertThat(matcher.match(List.of("arrêt"))).contains(new KeywordMatch(Direction.OPT_OUT, "ARRÊT", "fr"));
    }

    @Test
    void a_pack_not_listed_adds_nothing() {
        assertThat(KeywordMatcher.of(List.of(), BUILT_IN, List.of("pt"), List.of()).match(List.of("baja"))).isEmpty();
    }
}

package com.example.whatsapp.optin.consent;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.example.whatsapp.optin.consent.ConsentDecider.Outcome.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentDeciderTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private final ConsentDecider decider = new ConsentDecider();

    private static ConsentRequest request(String id, long at, Direction direction) {
        return new ConsentRequest("acme", "919876543210", id, at, direction, Trigger.KEYWORD,
                direction == Direction.OPT_OUT ? "STOP" : "START", null);
    }

    @Test
    void the_first_decision_changes_an_unknown_contact() {
        ConsentDecider.ConsentUpdate d = decider.decide(null, request("m1", 1000, Direction.OPT_OUT));
        assertThat(d.outcome()).isEqualTo(CHANGED);
        assertThat(d.previous()).isEqualTo(ConsentStatus.UNKNOWN);
        assertThat(d.state().status()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(d.state().changedAtMillis()).isEqualTo(1000);
        assertThat(d.state().keyword()).isEqualTo("STOP");
        assertThat(d.state().sourceMessageId()).isEqualTo("m1");
    }

    @Test
    void the_same_status_again_is_unchanged_but_advances_the_decision_time() {
        ContactConsent s = decider.decide(null, request("m1", 1000, Direction.OPT_OUT)).state();
        ConsentDecider.ConsentUpdate d = decider.decide(s, request("m2", 5000, Direction.OPT_OUT));
        assertThat(d.outcome()).isEqualTo(UNCHANGED);
        assertThat(d.state().changedAtMillis()).isEqualTo(1000);
        assertThat(d.state().sourceMessageId()).isEqualTo("m1");
        assertThat(d.state().newestDecisionMillis()).isEqualTo(5000);
        assertThat(decider.decide(d.state(), request("m3", 4000, Direction.OPT_IN)).outcome()).isEqualTo(LATE);
    }

    @Test
    void equal_timestamps_are_not_late() {
        ContactConsent s = decider.decide(null, request("m1", 1000, Direction.OPT_OUT)).state();
        assertThat(decider.decide(s, request("m2", 1000, Direction.OPT_IN)).outcome()).isEqualTo(CHANGED);
    }

    @Test
    void a_message_id_decides_once() {
        ContactConsent s = decider.decide(null, request("m1", 1000, Direction.OPT_IN)).state();
        s = decider.decide(s, request("m2", 1000, Direction.OPT_OUT)).state();
        assertThat(decider.decide(s, request("m1", 1000, Direction.OPT_IN)).outcome()).isEqualTo(DUPLICATE);
        assertThat(decider.decide(s, request("m1", 9000, Direction.OPT_IN)).outcome()).isEqualTo(DUPLICATE);
    }

    @Test
    void late_and_duplicate_messages_leave_the_state_as_it_was() {
        ContactConsent s = decider.decide(null, request("m1", 1000, Direction.OPT_OUT)).state();
        assertThat(decider.decide(s, request("m0", 500, Direction.OPT_IN)).state()).isSameAs(s);
        assertThat(decider.decide(s, request("m1", 1000, Direction.OPT_OUT)).state()).isSameAs(s);
    }

    @Test
    void ids_are_remembered_for_the_window_behind_the_newest_decision() {
        ContactConsent s = decider.decide(null, request("old", 0, Direction.OPT_OUT)).state();
        s = decider.decide(s, request("six-days", 6 * DAY, Direction.OPT_IN)).state();
        assertThat(s.recentDecisions()).extracting(ContactConsent.DecidedMessage::messageId).contains("old");
        s = decider.decide(s, request("eight-days", 8 * DAY, Direction.OPT_OUT)).state();
        assertThat(s.recentDecisions()).extracting(ContactConsent.DecidedMessage::messageId)
                .containsExactly("six-days", "eight-days");
        // Forgotten, but a true redelivery carries its old timestamp and is late.
        assertThat(decider.decide(s, request("old", 0, Direction.OPT_OUT)).outcome()).isEqualTo(LATE);
    }

    @Test
    void at_most_the_newest_ids_are_kept_per_contact() {
        ConsentDecider small = new ConsentDecider(Duration.ofDays(7), 3);
        ContactConsent s = null;
        for (int i = 0; i < 10; i++) {
            s = small.decide(s, request("m" + i, i * 1000L, i % 2 == 0 ? Direction.OPT_OUT : Direction.OPT_IN)).state();
        }
        assertThat(s.recentDecisions()).extracting(ContactConsent.DecidedMessage::messageId).containsExactly("m7", "m8", "m9");
    }

    @Test
    void the_window_cannot_be_shorter_than_the_contract_s_seven_days() {
        assertThatThrownBy(() -> new ConsentDecider(Duration.ofDays(6), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    // Consent records and marketing preferences

    private static ConsentRequest record(String id, long at, Direction direction) {
        return ConsentRequest.record("acme", "919876543210", id, at, direction, Trigger.WEBSITE_FORM, "{\"consentText\":\"p\"}", null);
    }

    @Test
    void records_share_the_status_and_its_order_with_messages_but_not_their_ids() {
        ContactConsent s = decider.decide(null, request("x", 1000, Direction.OPT_OUT)).state();
        assertThat(decider.decide(s, record("r", 500, Direction.OPT_IN)).outcome()).isEqualTo(LATE);
        ConsentDecider.ConsentUpdate d = decider.decide(s, record("x", 2000, Direction.OPT_IN));
        assertThat(d.outcome()).isEqualTo(CHANGED);
        assertThat(d.change().sourceRecordId()).isEqualTo("x");
        assertThat(d.change().sourceMessageId()).isNull();
        assertThat(d.change().proof()).isEqualTo("{\"consentText\":\"p\"}");
        assertThat(decider.decide(d.state(), record("x", 3000, Direction.OPT_OUT)).outcome()).isEqualTo(DUPLICATE);
        assertThat(decider.decide(d.state(), request("r", 3000, Direction.OPT_OUT)).outcome()).isEqualTo(CHANGED);
    }

    @Test
    void a_marketing_preference_decides_only_the_marketing_status_in_its_own_order() {
        ContactConsent s = decider.decide(null, request("m1", 9_000_000, Direction.OPT_IN)).state();
        ConsentDecider.ConsentUpdate d = decider.decide(s, ConsentRequest.marketingPreference("acme", "919876543210", "stop", 1000));
        assertThat(d.outcome()).isEqualTo(CHANGED);
        assertThat(d.change().scope()).isEqualTo(Scope.MARKETING);
        assertThat(d.state().status()).isEqualTo(ConsentStatus.OPTED_IN);
        assertThat(d.state().marketingStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(d.state().newestDecisionMillis()).isEqualTo(9_000_000);
        assertThat(decider.decide(d.state(), ConsentRequest.marketingPreference("acme", "919876543210", "resume", 999)).outcome())
                .isEqualTo(LATE);
        assertThat(decider.decide(d.state(), ConsentRequest.marketingPreference("acme", "919876543210", "stop", 1000)).outcome())
                .isEqualTo(DUPLICATE);
    }

    @Test
    void the_history_keeps_the_newest_changes_of_both_scopes() {
        ContactConsent s = null;
        for (int i = 0; i < ConsentDecider.HISTORY_LIMIT + 5; i++) {
            s = decider.decide(s, request("m" + i, 1000L * i, i % 2 == 0 ? Direction.OPT_OUT : Direction.OPT_IN)).state();
        }
        s = decider.decide(s, ConsentRequest.marketingPreference("acme", "919876543210", "stop", 1)).state();
        assertThat(s.history()).hasSize(ConsentDecider.HISTORY_LIMIT);
        assertThat(s.history().get(ConsentDecider.HISTORY_LIMIT - 1).scope()).isEqualTo(Scope.MARKETING);
        assertThat(s.history().get(0).sourceMessageId()).isEqualTo("m6");
    }
}

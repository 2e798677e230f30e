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
        ConsentDecider.Decision d = decider.decide(null, request("m1", 1000, Direction.OPT_OUT));
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
        ConsentDecider.Decision d = decider.decide(s, request("m2", 5000, Direction.OPT_OUT));
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
}

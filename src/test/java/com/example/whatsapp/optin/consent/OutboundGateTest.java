package com.example.whatsapp.optin.consent;

import com.example.whatsapp.optin.consent.OutboundGate.Ruling;
import com.example.whatsapp.optin.consent.OutboundGate.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static com.example.whatsapp.optin.consent.ConsentStatus.OPTED_IN;
import static com.example.whatsapp.optin.consent.ConsentStatus.OPTED_OUT;
import static com.example.whatsapp.optin.consent.ConsentStatus.UNKNOWN;
import static com.example.whatsapp.optin.consent.MessageCategory.AUTHENTICATION;
import static com.example.whatsapp.optin.consent.MessageCategory.MARKETING;
import static com.example.whatsapp.optin.consent.MessageCategory.SERVICE;
import static com.example.whatsapp.optin.consent.MessageCategory.UTILITY;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's five gate rules, each alone and in their order ("Outbound gate"). */
class OutboundGateTest {

    private static final List<MessageCategory> BUSINESS_INITIATED = List.of(MARKETING, UTILITY, AUTHENTICATION);

    private static Ruling decide(MessageCategory category, ConsentStatus status, ConsentStatus marketing, boolean requireOptIn) {
        return OutboundGate.decide(category, status, marketing, requireOptIn);
    }

    private static Ruling suppressed(Reason reason) {
        return new Ruling(OutboundGate.Verdict.SUPPRESSED, reason);
    }

    @Nested
    class EachRule {

        @Test
        void service_replies_are_approved_whatever_the_contact_s_statuses() {
            for (ConsentStatus status : ConsentStatus.values()) {
                for (ConsentStatus marketing : ConsentStatus.values()) {
                    for (boolean requireOptIn : new boolean[]{true, false}) {
                        assertThat(decide(SERVICE, status, marketing, requireOptIn)).isEqualTo(Ruling.APPROVED);
                    }
                }
            }
        }

        @Test
        void an_opted_out_contact_gets_no_business_initiated_message() {
            for (MessageCategory category : BUSINESS_INITIATED) {
                assertThat(decide(category, OPTED_OUT, UNKNOWN, false)).isEqualTo(suppressed(Reason.OPTED_OUT));
            }
        }

        @Test
        void a_contact_who_stopped_marketing_gets_no_marketing_but_still_utility_and_authentication() {
            assertThat(decide(MARKETING, OPTED_IN, OPTED_OUT, false)).isEqualTo(suppressed(Reason.MARKETING_STOPPED));
            assertThat(decide(UTILITY, OPTED_IN, OPTED_OUT, false)).isEqualTo(Ruling.APPROVED);
            assertThat(decide(AUTHENTICATION, OPTED_IN, OPTED_OUT, false)).isEqualTo(Ruling.APPROVED);
        }

        @Test
        void an_unknown_contact_is_held_back_when_the_business_requires_an_opt_in() {
            for (MessageCategory category : BUSINESS_INITIATED) {
                assertThat(decide(category, UNKNOWN, UNKNOWN, true)).isEqualTo(suppressed(Reason.NO_OPT_IN));
                assertThat(decide(category, UNKNOWN, OPTED_IN, true)).isEqualTo(suppressed(Reason.NO_OPT_IN));
            }
        }

        @Test
        void an_unknown_contact_is_approved_when_the_business_does_not_require_an_opt_in() {
            for (MessageCategory category : BUSINESS_INITIATED) {
                assertThat(decide(category, UNKNOWN, UNKNOWN, false)).isEqualTo(Ruling.APPROVED);
            }
        }

        @Test
        void an_opted_in_contact_is_approved() {
            for (MessageCategory category : BUSINESS_INITIATED) {
                for (boolean requireOptIn : new boolean[]{true, false}) {
                    assertThat(decide(category, OPTED_IN, UNKNOWN, requireOptIn)).isEqualTo(Ruling.APPROVED);
                    assertThat(decide(category, OPTED_IN, OPTED_IN, requireOptIn)).isEqualTo(Ruling.APPROVED);
                }
            }
        }

        @Test
        void a_never_decided_contact_is_read_as_unknown_on_both_statuses() {
            assertThat(OutboundGate.decide(MARKETING, (ContactConsent) null, true)).isEqualTo(suppressed(Reason.NO_OPT_IN));
            assertThat(OutboundGate.decide(MARKETING, (ContactConsent) null, false)).isEqualTo(Ruling.APPROVED);
        }
    }

    @Nested
    class Order {

        @Test
        void service_comes_before_opted_out() {
            assertThat(decide(SERVICE, OPTED_OUT, OPTED_OUT, true)).isEqualTo(Ruling.APPROVED);
        }

        @Test
        void opted_out_comes_before_marketing_stopped() {
            assertThat(decide(MARKETING, OPTED_OUT, OPTED_OUT, true)).isEqualTo(suppressed(Reason.OPTED_OUT));
        }

        @Test
        void marketing_stopped_comes_before_no_opt_in() {
            assertThat(decide(MARKETING, UNKNOWN, OPTED_OUT, true)).isEqualTo(suppressed(Reason.MARKETING_STOPPED));
        }

        @Test
        void opted_out_comes_before_no_opt_in_whatever_require_opt_in_says() {
            assertThat(decide(UTILITY, OPTED_OUT, UNKNOWN, true)).isEqualTo(suppressed(Reason.OPTED_OUT));
        }

        @Test
        void every_combination_gets_the_first_rule_that_applies() {
            for (MessageCategory category : MessageCategory.values()) {
                for (ConsentStatus status : ConsentStatus.values()) {
                    for (ConsentStatus marketing : ConsentStatus.values()) {
                        for (boolean requireOptIn : new boolean[]{true, false}) {
                            Ruling expected;
                            EnumSet<Reason> applies = EnumSet.noneOf(Reason.class);
                            if (status == OPTED_OUT) {
                                applies.add(Reason.OPTED_OUT);
                            }
                            if (category == MARKETING && marketing == OPTED_OUT) {
                                applies.add(Reason.MARKETING_STOPPED);
                            }
                            if (status == UNKNOWN && requireOptIn) {
                                applies.add(Reason.NO_OPT_IN);
                            }
                            // EnumSet iterates in declaration order, which is the contract's rule order.
                            expected = category == SERVICE || applies.isEmpty()
                                    ? Ruling.APPROVED : suppressed(applies.iterator().next());
                            assertThat(decide(category, status, marketing, requireOptIn))
                                    .as("%s %s %s %s", category, status, marketing, requireOptIn)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void categories_are_read_exactly_as_the_contract_spells_them() {
        assertThat(MessageCategory.named("MARKETING")).contains(MARKETING);
        assertThat(MessageCategory.named("marketing")).isEmpty();
        assertThat(MessageCategory.named("PROMOTION")).isEmpty();
        assertThat(MessageCategory.named(null)).isEmpty();
    }
}

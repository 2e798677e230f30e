package com.example.whatsapp.optin.consent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, "Marketing preferences from Meta" and "Marketing keywords": the marketing status is a
 * second status of the contact, apart from the status (scope ALL); the three conditions apply to
 * each alone. Whatever the interleaving of messages, records, HELP, marketing keywords, Meta's
 * preferences and its 131050 signal, each status is what an independent model of that status
 * alone says, and what the decider says when it sees only that scope's requests.
 */
class MarketingIndependencePropertyTest {

    enum Kind {
        MESSAGE, RECORD, HELP, MARKETING_MESSAGE, PREFERENCE, PLATFORM;

        boolean marketing() {
            return this == MARKETING_MESSAGE || this == PREFERENCE || this == PLATFORM;
        }
    }

    record Step(Kind kind, boolean optOut, int id, long second) {
        ConsentRequest request() {
            long millis = (1_764_000_000L + second) * 1000L;
            Direction direction = optOut ? Direction.OPT_OUT : Direction.OPT_IN;
            String business = "acme";
            String contact = "919876543210";
            return switch (kind) {
                case MESSAGE -> new ConsentRequest(business, contact, "wamid." + id, millis, direction, Trigger.KEYWORD,
                        optOut ? "STOP" : "START", null);
                case RECORD -> ConsentRequest.record(business, contact, "rec-" + id, millis, direction, Trigger.IMPORT, null, null);
                case HELP -> ConsentRequest.help(business, contact, "wamid." + id, millis, Trigger.KEYWORD, "HELP", "help text");
                case MARKETING_MESSAGE -> ConsentRequest.marketingMessage(business, contact, "wamid." + id, millis, direction,
                        Trigger.BUTTON, optOut ? "STOP PROMOTIONS" : "OFFERS ON", null);
                case PREFERENCE -> ConsentRequest.marketingPreference(business, contact, optOut ? "stop" : "resume",
                        1_764_000_000L + second);
                case PLATFORM -> ConsentRequest.platformStop(business, contact, "wamid.out-" + id, 1_764_000_000L + second);
            };
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Kind.values()), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 6), Arbitraries.longs().between(0, 30)).as(Step::new);
        return step.list().ofMaxSize(40);
    }

    /** One status, as the contract says, with its own ids and its own newest time; nothing else. */
    static final class Model {
        ConsentStatus status = ConsentStatus.UNKNOWN;
        long newest = Long.MIN_VALUE;
        final Set<String> ids = new HashSet<>();

        /** A redelivered id, or one older than the newest decision, decides nothing (and so is not remembered). */
        void apply(String id, long time, ConsentStatus wanted) {
            if (ids.contains(id) || time < newest) {
                return;
            }
            ids.add(id);
            newest = time;
            status = wanted;
        }
    }

    @Property(tries = 2_000)
    @Label("the marketing status and the status stay independent under any interleaving")
    void the_marketing_status_and_the_status_stay_independent(@ForAll("steps") List<Step> steps) {
        ConsentDecider decider = new ConsentDecider();
        Model all = new Model();
        Model marketing = new Model();
        Set<String> answered = new HashSet<>();
        ContactConsent state = null;
        for (Step step : steps) {
            ConsentRequest request = step.request();
            ConsentDecider.ConsentUpdate decision = decider.decide(state, request, 0L);
            state = decision.state();

            ConsentStatus wanted = step.optOut() || step.kind() == Kind.PLATFORM ? ConsentStatus.OPTED_OUT : ConsentStatus.OPTED_IN;
            switch (step.kind()) {
                case MESSAGE -> all.apply("message " + request.sourceId(), request.occurredAtMillis(), wanted);
                case RECORD -> all.apply("record " + request.sourceId(), request.occurredAtMillis(), wanted);
                case HELP -> {
                    boolean first = !all.ids.contains("message " + request.sourceId());
                    all.ids.add("message " + request.sourceId());
                    assertThat(decision.outcome()).isEqualTo(first ? ConsentDecider.Outcome.ANSWERED : ConsentDecider.Outcome.DUPLICATE);
                    answered.add(request.sourceId());
                }
                default -> marketing.apply(request.sourceId(), request.occurredAtMillis(), wanted);
            }
            assertThat(state.status()).as("status after %s", step).isEqualTo(all.status);
            assertThat(state.marketingStatus()).as("marketing status after %s", step).isEqualTo(marketing.status);
        }

        ContactConsent allOnly = replay(decider, steps.stream().filter(s -> !s.kind().marketing()).toList());
        ContactConsent marketingOnly = replay(decider, steps.stream().filter(s -> s.kind().marketing()).toList());
        ConsentStatus finalStatus = state == null ? ConsentStatus.UNKNOWN : state.status();
        ConsentStatus finalMarketing = state == null ? ConsentStatus.UNKNOWN : state.marketingStatus();
        assertThat(finalStatus).isEqualTo(allOnly == null ? ConsentStatus.UNKNOWN : allOnly.status());
        assertThat(finalMarketing).isEqualTo(marketingOnly == null ? ConsentStatus.UNKNOWN : marketingOnly.marketingStatus());
        assertThat(allOnly == null ? ConsentStatus.UNKNOWN : allOnly.marketingStatus()).isEqualTo(ConsentStatus.UNKNOWN);
        assertThat(marketingOnly == null ? ConsentStatus.UNKNOWN : marketingOnly.status()).isEqualTo(ConsentStatus.UNKNOWN);
    }

    private static ContactConsent replay(ConsentDecider decider, List<Step> steps) {
        ContactConsent state = null;
        for (Step step : steps) {
            state = decider.decide(state, step.request(), 0L).state();
        }
        return state;
    }
}

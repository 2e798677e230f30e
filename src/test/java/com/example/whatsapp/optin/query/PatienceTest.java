package com.example.whatsapp.optin.query;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Asking again while unanswered, on a clock that moves only when the pause sleeps. */
class PatienceTest {

    private final long[] now = {1_000_000_000L};
    private final List<Long> pauses = new ArrayList<>();

    private String ask(Iterator<String> answers, Duration wait) {
        return Patience.askAgain(answers::next, "unavailable"::equals, wait, 100,
                millis -> {
                    pauses.add(millis);
                    now[0] += Duration.ofMillis(millis).toNanos();
                }, () -> now[0]);
    }

    @Test
    void an_answer_that_comes_while_waiting_is_returned() {
        assertThat(ask(List.of("unavailable", "unavailable", "found").iterator(), Duration.ofSeconds(5))).isEqualTo("found");
        assertThat(pauses).containsExactly(100L, 100L);
    }

    @Test
    void a_first_answer_is_returned_without_a_pause() {
        assertThat(ask(List.of("found").iterator(), Duration.ofSeconds(5))).isEqualTo("found");
        assertThat(pauses).isEmpty();
    }

    @Test
    void no_answer_within_the_wait_returns_the_last_unavailable_one_without_overrunning_the_wait() {
        Iterator<String> never = new Iterator<>() {
            public boolean hasNext() {
                return true;
            }

            public String next() {
                return "unavailable";
            }
        };
        long start = now[0];
        assertThat(ask(never, Duration.ofMillis(1000))).isEqualTo("unavailable");
        assertThat(now[0] - start).isLessThanOrEqualTo(Duration.ofMillis(1000).toNanos());
        assertThat(pauses).hasSize(9);
    }

    @Test
    void no_wait_asks_once() {
        assertThat(ask(List.of("unavailable", "found").iterator(), Duration.ZERO)).isEqualTo("unavailable");
        assertThat(pauses).isEmpty();
    }
}

package com.example.whatsapp.optin.query;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks again, after a pause, while an answer is worth asking again for and the wait has time left. */
final class Patience {

    private Patience() {
    }

    /** Sleeps between tries; the tests' one counts instead. */
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    /** Clock in nanoseconds. */
    interface Clock {
        long nanoTime();
    }

    static <T> T askAgain(Supplier<T> ask, Predicate<T> again, Duration wait, long pauseMillis) {
        return askAgain(ask, again, wait, pauseMillis, Thread::sleep, System::nanoTime);
    }

    static <T> T askAgain(Supplier<T> ask, Predicate<T> again, Duration wait, long pauseMillis, Pause pause, Clock clock) {
        long deadline = clock.nanoTime() + wait.toNanos();
        T answer = ask.get();
        while (again.test(answer) && deadline - clock.nanoTime() > Duration.ofMillis(pauseMillis).toNanos()) {
            try {
                pause.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
            answer = ask.get();
        }
        return answer;
    }
}

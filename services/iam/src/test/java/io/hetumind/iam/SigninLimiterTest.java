package io.hetumind.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.iam.security.SigninLimiter;
import io.hetumind.platform.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-source throttle: the guessing address waits longer with each failure; other addresses are untouched. */
class SigninLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SigninLimiter limiter =
            new SigninLimiter(1000, 3, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofHours(1), now::get);

    private long refusedFor(String address) {
        try {
            limiter.check(address);
            return 0;
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(429);
            return e.retryAfter().toSeconds();
        }
    }

    @Test
    void theDelayDoublesWithEachFailurePastTheThreshold() {
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");
        assertThat(refusedFor("10.0.0.1")).isZero();
        limiter.failed("10.0.0.1"); // third: 2 s
        assertThat(refusedFor("10.0.0.1")).isEqualTo(2);
        now.addAndGet(2_001);
        assertThat(refusedFor("10.0.0.1")).isZero();
        limiter.failed("10.0.0.1"); // fourth: 4 s
        assertThat(refusedFor("10.0.0.1")).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            limiter.failed("10.0.0.1");
        }
        assertThat(refusedFor("10.0.0.1")).isEqualTo(60); // capped
        assertThat(refusedFor("10.0.0.2")).isZero();
    }

    @Test
    void failuresAreForgottenAfterTheResetPeriod() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("10.0.0.3");
        }
        now.addAndGet(Duration.ofHours(2).toMillis());
        limiter.failed("10.0.0.3");
        assertThatNoException().isThrownBy(() -> limiter.check("10.0.0.3"));
    }

    @Test
    void attemptsPerMinuteAreCapped() {
        SigninLimiter strict =
                new SigninLimiter(2, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), now::get);
        strict.check("10.0.0.4");
        strict.check("10.0.0.4");
        assertThatThrownBy(() -> strict.check("10.0.0.4")).isInstanceOf(ProblemException.class);
    }
}

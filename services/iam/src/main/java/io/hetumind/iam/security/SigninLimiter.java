package io.hetumind.iam.security;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-source half of the sign-in throttle, kept per replica: attempts per client address per minute, and failures
 * per client address with a refusal period that doubles with each failure past a threshold. It punishes the address
 * that guesses, not the account guessed at (that half is {@code SigninThrottleRepository}).
 */
@ApplicationScoped
public class SigninLimiter {
    private record Source(long minute, int attempts, int failures, long lastFailure, long blockedUntil) {}

    private final ConcurrentHashMap<String, Source> sources = new ConcurrentHashMap<>();
    private final int perMinute;
    private final int threshold;
    private final long baseMillis;
    private final long maxMillis;
    private final long resetMillis;
    private final LongSupplier clock;

    @Inject
    public SigninLimiter(IamConfig config) {
        this(
                config.signinPerAddressPerMinute(),
                config.sourceThrottleThreshold(),
                config.sourceThrottleBase(),
                config.sourceThrottleMax(),
                config.throttleReset(),
                System::currentTimeMillis);
    }

    public SigninLimiter(
            int perMinute, int threshold, Duration base, Duration max, Duration reset, LongSupplier clock) {
        this.perMinute = perMinute;
        this.threshold = threshold;
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.resetMillis = reset.toMillis();
        this.clock = clock;
    }

    /** Counts an attempt from {@code address}; throws a 429 problem while the address is refused. */
    public void check(String address) {
        long now = clock.getAsLong();
        long minute = now / 60_000;
        if (sources.size() > 100_000) {
            sources.values().removeIf(s -> s.minute() < minute && s.blockedUntil() < now);
        }
        Source s = sources.compute(address, (k, old) -> {
            Source base = old == null ? new Source(minute, 0, 0, 0, 0) : old;
            int attempts = base.minute() == minute ? base.attempts() + 1 : 1;
            return new Source(minute, attempts, base.failures(), base.lastFailure(), base.blockedUntil());
        });
        if (s.blockedUntil() > now) {
            throw refused(s.blockedUntil() - now);
        }
        if (s.attempts() > perMinute) {
            throw refused(60_000 - now % 60_000);
        }
    }

    /** Records a failed sign-in from {@code address}; past the threshold each failure doubles the refusal. */
    public void failed(String address) {
        long now = clock.getAsLong();
        sources.compute(address, (k, old) -> {
            Source base = old == null ? new Source(now / 60_000, 0, 0, 0, 0) : old;
            int failures = now - base.lastFailure() > resetMillis ? 1 : base.failures() + 1;
            long blocked = base.blockedUntil();
            if (failures >= threshold) {
                blocked = now + doubling(baseMillis, maxMillis, failures - threshold);
            }
            return new Source(base.minute(), base.attempts(), failures, now, blocked);
        });
    }

    /** {@code base * 2^over}, at most {@code max}. */
    public static long doubling(long base, long max, int over) {
        long d = base << Math.min(Math.max(over, 0), 30);
        return d <= 0 || d > max ? max : d;
    }

    private static ProblemException refused(long millis) {
        return ProblemException.tooManyRequests(
                "too many sign-in attempts from this address; try again later",
                Duration.ofMillis(Math.max(1000, millis)));
    }
}

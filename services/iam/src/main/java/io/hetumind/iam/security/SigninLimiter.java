package io.hetumind.iam.security;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed one-minute windows of sign-in attempts per client address and per (e-mail, address); kept per replica,
 * which bounds guessing without shared state. Account lockout (in the database) is the cross-replica guard.
 */
@ApplicationScoped
public class SigninLimiter {
    private record Window(long minute, AtomicInteger count) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int perAddress;
    private final int perAccount;

    public SigninLimiter(IamConfig config) {
        this.perAddress = config.signinPerAddressPerMinute();
        this.perAccount = config.signinPerAccountPerMinute();
    }

    /** Counts an attempt; throws a 429 problem when a window is full. */
    public void check(String address, String email) {
        long minute = System.currentTimeMillis() / 60_000;
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> w.minute() < minute);
        }
        if (hit("a|" + address, minute) > perAddress
                || hit("e|" + email.trim().toLowerCase(Locale.ROOT) + "|" + address, minute) > perAccount) {
            long wait = 60 - (System.currentTimeMillis() / 1000) % 60;
            throw ProblemException.tooManyRequests(
                    "too many sign-in attempts; try again later", Duration.ofSeconds(wait));
        }
    }

    private int hit(String key, long minute) {
        return windows.compute(
                        key, (k, w) -> w == null || w.minute() != minute ? new Window(minute, new AtomicInteger()) : w)
                .count()
                .incrementAndGet();
    }
}

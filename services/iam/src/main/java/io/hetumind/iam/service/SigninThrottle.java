package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.SigninThrottleRepository;
import io.hetumind.iam.security.DeviceTokens;
import io.hetumind.iam.security.Secrets;
import io.hetumind.iam.security.SigninLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The per-address half of the sign-in throttle. It is keyed by the e-mail as typed (normalised), never by account, so a
 * known and an unknown address get exactly the same answers; past a threshold of failures, sign-ins to the address
 * from unknown devices are refused for a period that doubles with each failure, while the owner's known devices (and
 * their refresh tokens) keep working.
 */
@ApplicationScoped
public class SigninThrottle {
    private final SigninThrottleRepository throttle;
    private final DeviceTokens devices;
    private final IamConfig config;

    public SigninThrottle(SigninThrottleRepository throttle, DeviceTokens devices, IamConfig config) {
        this.throttle = throttle;
        this.devices = devices;
        this.config = config;
    }

    /** The throttle key of a normalised address: its digest, so unknown addresses are not stored in clear. */
    public String key(String normalizedEmail) {
        return "a:" + Secrets.sha256(normalizedEmail);
    }

    /** How long this sign-in must wait, or null when it may proceed. */
    public Uni<Duration> refusal(String key, User user, String deviceToken) {
        if (user != null && devices.valid(deviceToken, user.id)) {
            return Uni.createFrom().nullItem();
        }
        return throttle.blockedUntil(key).map(until -> {
            Instant now = Instant.now();
            return until == null || !until.isAfter(now) ? null : Duration.between(now, until);
        });
    }

    /** Counts a failure; past the threshold, refuses unknown devices for a doubling period. */
    public Uni<Void> failed(String key) {
        return throttle.failed(key, config.throttleReset()).chain(failures -> {
            int over = failures - config.accountThrottleThreshold();
            if (over < 0) {
                return Uni.createFrom().voidItem();
            }
            long millis = SigninLimiter.doubling(
                    config.accountThrottleBase().toMillis(),
                    config.accountThrottleMax().toMillis(),
                    over);
            return throttle.block(key, Instant.now().plusMillis(millis));
        });
    }

    /** A correct password clears the address's failures and marks the device as known. */
    public Uni<String> succeeded(String key, User user) {
        return throttle.clear(key).map(x -> devices.issue(user.id));
    }
}

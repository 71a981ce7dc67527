package io.hetumind.iam.service;

import io.hetumind.iam.model.User;
import io.hetumind.iam.rest.dto.AuthDtos.SigninRequest;
import io.hetumind.iam.rest.dto.AuthDtos.Tokens;
import io.hetumind.iam.security.SigninLimiter;
import io.hetumind.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Password sign-in. Known and unknown addresses take the same path (a dummy hash is checked for unknown ones) and get
 * the same answers; guessing is slowed per client address ({@link SigninLimiter}) and per e-mail address
 * ({@link SigninThrottle}), and neither can lock the owner out of a device they signed in on before.
 */
@ApplicationScoped
public class SigninService {
    private final Accounts accounts;
    private final TokenService tokens;
    private final SigninLimiter sources;
    private final SigninThrottle throttle;
    private final AuditLog audit;
    private final MeterRegistry metrics;

    public SigninService(
            Accounts accounts,
            TokenService tokens,
            SigninLimiter sources,
            SigninThrottle throttle,
            AuditLog audit,
            MeterRegistry metrics) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sources = sources;
        this.throttle = throttle;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Counts sign-ins by outcome ({@code hetumind_iam_signins_total{outcome=…}}): a rise in failures is an attack. */
    private void count(String outcome) {
        metrics.counter("hetumind.iam.signins", "outcome", outcome).increment();
    }

    public Uni<Tokens> signin(SigninRequest r, String ip) {
        try {
            sources.check(ip);
        } catch (ProblemException e) {
            count("source-throttled");
            throw e;
        }
        String email = accounts.normalize(r.email());
        String key = throttle.key(email);
        return Panache.withSession(() -> accounts.byEmail(email))
                .chain(user -> throttle.refusal(key, user, r.deviceToken()).chain(wait -> {
                    if (wait != null) {
                        count("throttled");
                        return Panache.withTransaction(() -> audit.record(
                                        null, user == null ? null : user.id, "signin.throttled", email, ip, null))
                                .chain(() -> Uni.createFrom()
                                        .failure(ProblemException.tooManyRequests(
                                                "too many failed sign-ins for this address; try again later", wait)));
                    }
                    return accounts.verify(user, r.password())
                            .chain(ok -> ok ? succeeded(user, r, ip, key) : failed(user, email, ip, key));
                }));
    }

    private Uni<Tokens> succeeded(User user, SigninRequest r, String ip, String key) {
        count("success");
        return throttle.succeeded(key, user)
                .chain(device -> Panache.withTransaction(() -> tokens.start(user, r.tenant())
                                .call(() -> audit.record(null, user.id, "signin.success", user.email, ip, null)))
                        .map(t -> t.withDevice(device)));
    }

    private Uni<Tokens> failed(User user, String email, String ip, String key) {
        count("failure");
        sources.failed(ip);
        String subject = email.length() > 254 ? email.substring(0, 254) : email;
        return throttle.failed(key)
                .chain(() -> Panache.withTransaction(
                        () -> audit.record(null, user == null ? null : user.id, "signin.failure", subject, ip, null)))
                .chain(() -> Uni.createFrom().failure(ProblemException.unauthorized("wrong e-mail or password")));
    }
}

package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.model.Membership;
import io.hetumind.iam.model.RefreshToken;
import io.hetumind.iam.model.Tenant;
import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.MembershipRepository;
import io.hetumind.iam.repository.RefreshTokenRepository;
import io.hetumind.iam.repository.RoleRepository;
import io.hetumind.iam.repository.TenantRepository;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.rest.dto.AuthDtos.SigninRequest;
import io.hetumind.iam.rest.dto.AuthDtos.SignupRequest;
import io.hetumind.iam.rest.dto.AuthDtos.Tokens;
import io.hetumind.iam.security.PasswordHasher;
import io.hetumind.iam.security.Secrets;
import io.hetumind.iam.security.SigninLimiter;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Sign-up, sign-in (rate-limited, with lockout), refresh-token rotation with reuse detection, sign-out. */
@ApplicationScoped
public class AuthService {
    /** The built-in owner role (seeded by V1). */
    public static final UUID OWNER_ROLE = UUID.fromString("00000000-0000-7000-8000-000000000001");

    private final UserRepository users;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final RoleRepository roles;
    private final RefreshTokenRepository refreshTokens;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final Blocking blocking;
    private final AuditLog audit;
    private final SigninLimiter limiter;
    private final IamConfig config;

    public AuthService(
            UserRepository users,
            TenantRepository tenants,
            MembershipRepository memberships,
            RoleRepository roles,
            RefreshTokenRepository refreshTokens,
            TokenService tokens,
            PasswordHasher hasher,
            Blocking blocking,
            AuditLog audit,
            SigninLimiter limiter,
            IamConfig config) {
        this.users = users;
        this.tenants = tenants;
        this.memberships = memberships;
        this.roles = roles;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.hasher = hasher;
        this.blocking = blocking;
        this.audit = audit;
        this.limiter = limiter;
        this.config = config;
    }

    /** Creates a user and a tenant they own; the instance's first user also becomes its administrator. */
    public Uni<Tokens> signup(SignupRequest r, String ip) {
        return blocking.run(() -> hasher.hash(r.password()))
                .chain(hash -> Panache.withTransaction(() -> users.count().chain(count -> {
                    if (count > 0 && !config.openSignup()) {
                        throw ProblemException.forbidden(
                                "sign-up is closed on this instance; ask an admin of your team to add you");
                    }
                    return users.byEmail(r.email()).chain(existing -> {
                        if (existing != null) {
                            throw emailTaken();
                        }
                        Instant now = Instant.now();
                        Tenant t = new Tenant();
                        t.id = Ids.next();
                        t.name = r.tenant().trim();
                        t.createdAt = now;
                        User u = new User();
                        u.id = Ids.next();
                        u.email = r.email().trim();
                        u.name = r.name().trim();
                        u.passwordHash = hash;
                        u.instanceAdmin = count == 0;
                        u.createdAt = now;
                        Membership m = MembershipService.membership(t.id, u.id, OWNER_ROLE);
                        return tenants.persist(t)
                                .chain(() -> users.persist(u))
                                .chain(() -> memberships.persist(m))
                                .chain(() -> audit.record(t.id, u.id, "user.signup", u.email, ip, null))
                                .chain(() -> roles.findById(OWNER_ROLE))
                                .chain(role -> tokens.issue(u, m, role, Ids.next()));
                    });
                })))
                .onFailure(Db::uniqueViolation)
                .transform(e -> emailTaken());
    }

    /** Checks the password; failures count towards a lockout that doubles with each further failure. */
    public Uni<Tokens> signin(SigninRequest r, String ip) {
        return Uni.createFrom()
                .item(() -> {
                    limiter.check(ip, r.email());
                    return r;
                })
                .chain(() -> Panache.withSession(() -> users.byEmail(r.email())))
                .chain(user -> {
                    Instant now = Instant.now();
                    if (user != null && user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
                        return Panache.withTransaction(
                                        () -> audit.record(null, user.id, "signin.locked", user.email, ip, null))
                                .chain(() -> Uni.createFrom()
                                        .failure(ProblemException.tooManyRequests(
                                                "this account is locked after repeated failed sign-ins",
                                                Duration.between(now, user.lockedUntil))));
                    }
                    return blocking.run(() -> hasher.verify(r.password(), user == null ? null : user.passwordHash))
                            .chain(ok -> ok ? succeeded(user, r.tenant(), ip) : failed(user, r.email(), ip));
                });
    }

    private Uni<Tokens> succeeded(User user, UUID tenant, String ip) {
        return Panache.withTransaction(() -> users.update(
                        "failedSignins = 0, lockedUntil = null where id = ?1", user.id)
                .chain(() -> tenant == null ? memberships.first(user.id) : memberships.of(tenant, user.id))
                .chain(m -> {
                    if (m == null) {
                        throw tenant == null
                                ? ProblemException.forbidden("this account belongs to no tenant")
                                : ProblemException.notFound("tenant");
                    }
                    return roles.findById(m.roleId)
                            .call(() -> audit.record(m.tenantId, user.id, "signin.success", user.email, ip, null))
                            .chain(role -> tokens.issue(user, m, role, Ids.next()));
                }));
    }

    private Uni<Tokens> failed(User user, String email, String ip) {
        Uni<Void> write;
        if (user == null) {
            String subject = email.length() > 254 ? email.substring(0, 254) : email;
            write = Panache.withTransaction(() -> audit.record(null, null, "signin.failure", subject, ip, "unknown"));
        } else {
            int failures = user.failedSignins + 1;
            Instant lock = lockUntil(failures);
            write = Panache.withTransaction(() -> users.update(
                            "failedSignins = failedSignins + 1, lockedUntil = ?2 where id = ?1", user.id, lock)
                    .chain(() -> audit.record(
                            null,
                            user.id,
                            lock == null ? "signin.failure" : "signin.lockout",
                            user.email,
                            ip,
                            "failures=" + failures)));
        }
        return write.chain(() -> Uni.createFrom().failure(ProblemException.unauthorized("wrong e-mail or password")));
    }

    private Instant lockUntil(int failures) {
        int over = failures - config.lockoutThreshold();
        if (over < 0) {
            return null;
        }
        Duration d = config.lockoutBase().multipliedBy(1L << Math.min(over, 20));
        return Instant.now().plus(d.compareTo(config.lockoutMax()) > 0 ? config.lockoutMax() : d);
    }

    /** Rotates a refresh token; presenting a used or revoked one revokes its whole family (theft detection). */
    public Uni<Tokens> refresh(String token, String ip) {
        return Panache.withTransaction(
                        () -> refreshTokens.byHash(Secrets.sha256(token)).chain(rt -> {
                            if (rt == null || rt.expiresAt.isBefore(Instant.now())) {
                                return Uni.createFrom().item(Outcome.<Tokens>refused());
                            }
                            if (rt.usedAt != null || rt.revokedAt != null) {
                                return reused(rt, ip);
                            }
                            return refreshTokens.markUsed(rt.id).chain(n -> n == 0 ? reused(rt, ip) : renew(rt));
                        }))
                .map(Outcome::orThrow);
    }

    private Uni<Outcome<Tokens>> renew(RefreshToken rt) {
        return memberships
                .of(rt.tenantId, rt.userId)
                .chain(m -> m == null
                        ? Uni.createFrom().item(Outcome.<Tokens>refused())
                        : users.findById(rt.userId)
                                .chain(u ->
                                        roles.findById(m.roleId).chain(role -> tokens.issue(u, m, role, rt.familyId)))
                                .map(Outcome::of));
    }

    private Uni<Outcome<Tokens>> reused(RefreshToken rt, String ip) {
        return refreshTokens
                .revokeFamily(rt.familyId)
                .chain(() -> audit.record(rt.tenantId, rt.userId, "refresh.reuse", rt.familyId.toString(), ip, null))
                .replaceWith(Outcome.refused());
    }

    /** Revokes the refresh token's family: the session ends everywhere it was refreshed. */
    public Uni<Void> signout(String token, String ip) {
        return Panache.withTransaction(
                        () -> refreshTokens.byHash(Secrets.sha256(token)).chain(rt -> {
                            if (rt == null || rt.revokedAt != null) {
                                return Uni.createFrom().item(Outcome.<Boolean>refused());
                            }
                            return refreshTokens
                                    .revokeFamily(rt.familyId)
                                    .chain(() -> audit.record(rt.tenantId, rt.userId, "signout", null, ip, null))
                                    .replaceWith(Outcome.of(true));
                        }))
                .map(Outcome::orThrow)
                .replaceWithVoid();
    }

    private static ProblemException emailTaken() {
        return ProblemException.conflict("an account with this e-mail already exists");
    }

    /** A result that may be a refusal, so a transaction can commit (e.g. a revocation) and still answer 401. */
    private record Outcome<T>(T value) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value);
        }

        static <T> Outcome<T> refused() {
            return new Outcome<>(null);
        }

        T orThrow() {
            if (value == null) {
                throw ProblemException.unauthorized("the refresh token is invalid, expired or revoked");
            }
            return value;
        }
    }
}

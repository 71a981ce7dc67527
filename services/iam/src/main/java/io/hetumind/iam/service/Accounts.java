package io.hetumind.iam.service;

import io.hetumind.iam.model.User;
import io.hetumind.iam.repository.UserRepository;
import io.hetumind.iam.security.EmailPolicy;
import io.hetumind.iam.security.PasswordHasher;
import io.hetumind.platform.concurrent.Blocking;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * User accounts by e-mail: addresses normalised and held to the look-alike policy, passwords hashed and checked off
 * the event loop.
 */
@ApplicationScoped
public class Accounts {
    private final UserRepository users;
    private final EmailPolicy emails;
    private final PasswordHasher hasher;
    private final Blocking blocking;

    public Accounts(UserRepository users, EmailPolicy emails, PasswordHasher hasher, Vertx vertx) {
        this.users = users;
        this.emails = emails;
        this.hasher = hasher;
        // Argon2id is CPU- and memory-heavy (19 MiB each): one hash per core at a time, a burst queues.
        this.blocking = Blocking.perCore(vertx, "hetumind-password-hashing");
    }

    /** The canonical form of an address as typed. */
    public String normalize(String email) {
        return emails.normalize(email);
    }

    /** The normalised address, or a 400 naming {@code field} if this instance does not accept it. */
    public String acceptable(String field, String email) {
        String normalized = emails.normalize(email);
        String refusal = emails.refusal(normalized);
        if (refusal != null) {
            throw ProblemException.invalid(field, refusal);
        }
        return normalized;
    }

    /** The account with this address as typed, or null; needs a session. */
    public Uni<User> byEmail(String email) {
        return users.byEmail(emails.normalize(email));
    }

    public Uni<String> hash(String password) {
        return blocking.run(() -> hasher.hash(password));
    }

    /** Whether {@code password} is the user's; for a null user a dummy hash is checked, so timing tells nothing. */
    public Uni<Boolean> verify(User user, String password) {
        return blocking.run(() -> hasher.verify(password, user == null ? null : user.passwordHash));
    }

    /**
     * Stores a new account (in the caller's transaction); an address equal or confusable with an existing one is a
     * 409 when the transaction commits.
     */
    public Uni<User> create(String normalizedEmail, String name, String passwordHash, boolean instanceAdmin) {
        User u = new User();
        u.id = Ids.next();
        u.email = normalizedEmail;
        u.emailSkeleton = emails.skeleton(normalizedEmail);
        u.name = name.strip();
        u.passwordHash = passwordHash;
        u.instanceAdmin = instanceAdmin;
        u.createdAt = Instant.now();
        return users.persist(u);
    }

    /** The answer when an address (or a look-alike) is taken. */
    public static ProblemException taken() {
        return ProblemException.conflict("an account with this e-mail, or one that looks the same, already exists");
    }

    /** Fills the skeleton of accounts stored before skeletons existed; returns how many were filled. */
    public Uni<Integer> backfillSkeletons() {
        return users.withoutSkeleton(500).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (User u : list) {
                u.emailSkeleton = emails.skeleton(emails.normalize(u.email));
                chain = chain.chain(() -> users.persist(u).replaceWithVoid());
            }
            return chain.replaceWith(list.size());
        });
    }
}

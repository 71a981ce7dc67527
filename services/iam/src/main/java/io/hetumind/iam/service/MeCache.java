package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of {@code /users/me} that is not in the token (profile and tenant list), kept in memory for {@code
 * hetumind.iam.me-cache-ttl}: the studio asks on every page, and answering from memory is what lets IAM keep up. Writes
 * through this replica forget the entries they change at once; the TTL bounds what another replica's writes leave
 * stale.
 */
@ApplicationScoped
public class MeCache {
    /** A user's profile and tenants as last read. */
    public record Entry(String email, String name, List<TenantView> tenants, long expiresNanos) {}

    private static final int MAX_ENTRIES = 50_000;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public MeCache(IamConfig config) {
        this.ttlNanos = config.meCacheTtl().toNanos();
    }

    /** The fresh entry of {@code user}, or null. */
    public Entry get(UUID user) {
        Entry e = entries.get(user);
        return e == null || e.expiresNanos() - System.nanoTime() < 0 ? null : e;
    }

    public Entry put(UUID user, String email, String name, List<TenantView> tenants) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry e = new Entry(email, name, List.copyOf(tenants), System.nanoTime() + ttlNanos);
        if (ttlNanos > 0) {
            entries.put(user, e);
        }
        return e;
    }

    /** Forgets one user (their profile or memberships changed). */
    public void forget(UUID user) {
        entries.remove(user);
    }

    /** Forgets everyone (a tenant was renamed or deleted: many users' lists changed). */
    public void forgetAll() {
        entries.clear();
    }
}

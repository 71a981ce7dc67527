package io.hetumind.taskserver.leader;

import io.hetumind.taskserver.repository.LeaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Binds each namespace to one live server by weighted rendezvous hashing: a server joining or leaving moves only
 * the namespaces it wins or held, in proportion to its weight.
 */
@ApplicationScoped
public class Bindings {
    private final LeaseRepository leases;

    public Bindings(LeaseRepository leases) {
        this.leases = leases;
    }

    int rebalance(Connection c, Duration silentFor) throws SQLException {
        leases.forgetServers(c, Instant.now().minus(silentFor));
        List<LeaseRepository.Server> servers = leases.servers(c);
        if (servers.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (String[] ns : leases.namespaces(c)) {
            UUID best = pick(ns[0] + "|" + ns[1], servers);
            leases.bind(c, UUID.fromString(ns[0]), ns[1], best);
            n++;
        }
        return n;
    }

    static UUID pick(String key, List<LeaseRepository.Server> servers) {
        UUID best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (LeaseRepository.Server s : servers) {
            double u = unit(key + "|" + s.id());
            double score = -Math.max(1, s.weight()) / Math.log(u);
            if (score > bestScore) {
                bestScore = score;
                best = s.id();
            }
        }
        return best;
    }

    /** A hash of {@code s} mapped into (0, 1). */
    private static double unit(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 7; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return (v + 1.0) / ((1L << 56) + 2.0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

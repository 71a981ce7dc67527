package io.hetumind.iam.security;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import io.hetumind.iam.config.IamConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an e-mail address is to IAM: normalised with NFKC case folding (so {@code ＡLICE@Example.com} is {@code
 * alice@example.com}), each part held to the deployment's UTS #39 restriction level (by default no mixing of scripts
 * in one part, so {@code аlice} with a Cyrillic {@code а} is refused), and reduced to a UTS #39 skeleton that the
 * database keeps unique, so an address that merely looks like an existing one cannot become a second account.
 */
@ApplicationScoped
public class EmailPolicy {
    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();

    private final SpoofChecker restriction;
    private final SpoofChecker skeletons = new SpoofChecker.Builder().build();

    public EmailPolicy(IamConfig config) {
        SpoofChecker.RestrictionLevel level;
        try {
            level = SpoofChecker.RestrictionLevel.valueOf(config.emailRestrictionLevel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hetumind.iam.email-restriction-level must be one of ASCII,"
                    + " SINGLE_SCRIPT_RESTRICTIVE, HIGHLY_RESTRICTIVE, MODERATELY_RESTRICTIVE, MINIMALLY_RESTRICTIVE,"
                    + " UNRESTRICTIVE");
        }
        this.restriction = new SpoofChecker.Builder()
                .setRestrictionLevel(level)
                .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
                .build();
    }

    /** The canonical form of {@code email}: trimmed, NFKC case-folded. */
    public String normalize(String email) {
        return FOLD.normalize(email.strip());
    }

    /** Why a normalised address may not be registered here, or null when it may. */
    public String refusal(String normalized) {
        int at = normalized.lastIndexOf('@');
        if (at <= 0 || at == normalized.length() - 1) {
            return "must be a well-formed e-mail address";
        }
        if (restriction.failsChecks(normalized.substring(0, at))) {
            return "mixes scripts or characters this instance does not accept in the part before '@'";
        }
        for (String label : normalized.substring(at + 1).split("\\.", -1)) {
            if (label.isEmpty() || restriction.failsChecks(label)) {
                return "mixes scripts or characters this instance does not accept in the domain";
            }
        }
        return null;
    }

    /** The UTS #39 skeleton: equal for addresses a reader would confuse. */
    public String skeleton(String normalized) {
        return skeletons.getSkeleton(normalized);
    }
}

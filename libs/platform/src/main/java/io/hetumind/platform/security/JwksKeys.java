package io.hetumind.platform.security;

import io.hetumind.platform.config.AuthConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/** Resolves token signing keys from IAM's JWKS; an unknown key id triggers a refetch, so rotation just works. */
public class JwksKeys {

    @Produces
    @DefaultBean
    @ApplicationScoped
    VerificationKeyResolver remoteKeys(AuthConfig config) {
        HttpsJwks jwks = new HttpsJwks(config.jwksUrl());
        jwks.setDefaultCacheDuration(config.jwksCache().toSeconds());
        // A token with an unknown kid refetches at most once a second, so forged kids cannot flood IAM.
        jwks.setRefreshReprieveThreshold(1000);
        jwks.setRetainCacheOnErrorDuration(config.jwksCache().toSeconds());
        return new HttpsJwksVerificationKeyResolver(jwks);
    }
}

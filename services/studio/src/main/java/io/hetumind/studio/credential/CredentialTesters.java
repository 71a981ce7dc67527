package io.hetumind.studio.credential;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The testable credential types: one {@link CredentialTester} bean per type. */
@ApplicationScoped
public class CredentialTesters {
    private final Map<String, CredentialTester> byType;

    public CredentialTesters(Instance<CredentialTester> testers) {
        this.byType =
                testers.stream().collect(Collectors.toUnmodifiableMap(CredentialTester::type, Function.identity()));
    }

    public Optional<CredentialTester> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public boolean testable(String type) {
        return byType.containsKey(type);
    }
}

package io.hetumind.nodes.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.NodeTests;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialTypesTest {

    @Test
    void standardTypesLoadWithSecretsMarkedAndCoverEveryNodeSlot() {
        CredentialRegistry registry = CredentialRegistry.load();
        assertThat(registry.all().stream().map(CredentialDescriptor::id))
                .contains(
                        "httpBasicAuth", "httpHeaderAuth", "httpQueryAuth", "httpBearerAuth", "oAuth2Api", "postgres");
        assertThat(registry.find("httpBasicAuth")
                        .orElseThrow()
                        .property("password")
                        .secret())
                .isTrue();
        assertThat(registry.find("httpBasicAuth").orElseThrow().property("user").secret())
                .isFalse();
        assertThat(registry.find("oAuth2Api")
                        .orElseThrow()
                        .property("clientSecret")
                        .secret())
                .isTrue();
        assertThat(registry.find("postgres").orElseThrow().property("password").secret())
                .isTrue();
        assertThat(registry.checkNodes(NodeRegistry.load())).isEmpty();
        assertThat(registry.find("httpBearerAuth").orElseThrow().toJson().toString())
                .contains("\"secret\":true");
    }

    @Test
    void badDescriptorsRefuseToStart() {
        CredentialType dup = () -> CredentialDescriptor.of("httpBasicAuth", "Again", "");
        CredentialType badDefault = () -> CredentialDescriptor.of(
                "x",
                "X",
                "",
                CredentialProperty.plain(PropertySpec.number("port").defaultValue("five")));
        assertThatThrownBy(() -> CredentialRegistry.of(List.of(new HttpBasicAuthCredential(), dup, badDefault)))
                .hasMessageContaining("registered twice")
                .hasMessageContaining("x: property 'port': default must be a number");
    }

    @Test
    void maskedCopiesAndRedactionHideSecretValuesInAllForms() {
        var data = NodeTests.json("{'user':'ann','password':'p@ss word'}");
        CredentialDescriptor d = HttpBasicAuthCredential.DESCRIPTOR;
        assertThat(d.masked(data).get("password").asText()).isEqualTo("__masked__");
        assertThat(d.masked(data).get("user").asText()).isEqualTo("ann");
        Secrets s = Secrets.of(d, data);
        assertThat(s.redact("a p@ss word b p%40ss%20word c p%40ss+word")).isEqualTo("a *** b *** c ***");
    }
}

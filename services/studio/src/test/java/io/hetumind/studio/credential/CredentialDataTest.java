package io.hetumind.studio.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.credentials.HttpHeaderAuthCredential;
import io.hetumind.nodes.credentials.PostgresCredential;
import io.hetumind.platform.problem.ProblemException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** Credential data against its type: defaults, every kind of refusal naming the field, masking and merging. */
class CredentialDataTest {
    private static ObjectNode json(String s) {
        return (ObjectNode) Json.parse(s.replace('\'', '"'));
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.errors()).hasSize(1);
            assertThat(p.errors().getFirst().field()).isEqualTo(field);
            assertThat(p.errors().getFirst().message()).contains(message);
        });
    }

    @Test
    void fillsDefaultsAndKeepsWhatWasGiven() {
        ObjectNode pg = CredentialData.validated(PostgresCredential.DESCRIPTOR, json("{'host':'db','password':'pw'}"));
        assertThat(pg)
                .isEqualTo(json("{'host':'db','password':'pw','port':5432,'database':'postgres','user':'postgres',"
                        + "'ssl':'disable','maxConnections':10,'sshTunnel':false,'sshAuthenticateWith':'password',"
                        + "'sshHost':'localhost','sshPort':22,'sshUser':'root','sshPassword':'','sshPrivateKey':'',"
                        + "'sshPassphrase':''}"));
    }

    @Test
    void refusesUnknownFieldsWrongTypesBadOptionsMissingValuesAndTheMask() {
        var header = HttpHeaderAuthCredential.DESCRIPTOR;
        var pg = PostgresCredential.DESCRIPTOR;
        refused(
                () -> CredentialData.validated(header, json("{'name':'X','value':'v','bogus':1}")),
                "data.bogus",
                "is not a field of credential type 'httpHeaderAuth'");
        refused(() -> CredentialData.validated(pg, json("{'port':'5432'}")), "data.port", "must be a number");
        refused(() -> CredentialData.validated(pg, json("{'host':5}")), "data.host", "must be text");
        refused(() -> CredentialData.validated(pg, json("{'ssl':'sometimes'}")), "data.ssl", "must be one of");
        refused(() -> CredentialData.validated(header, json("{'name':'X'}")), "data.value", "is required");
        refused(() -> CredentialData.validated(header, json("{'name':' ','value':'v'}")), "data.name", "is required");
        refused(
                () -> CredentialData.validated(header, json("{'name':'X','value':'" + CredentialData.MASK + "'}")),
                "data.value",
                "holds the mask");
        refused(() -> CredentialData.validated(header, Json.parse("[1]")), "data", "must be an object");
    }

    @Test
    void masksNonEmptySecretsOnly() {
        var pg = PostgresCredential.DESCRIPTOR;
        ObjectNode data = CredentialData.validated(pg, json("{'password':'pw-123'}"));
        assertThat(CredentialData.masked(pg, data).get("password").asText()).isEqualTo(CredentialData.MASK);
        assertThat(CredentialData.masked(pg, data).get("host").asText()).isEqualTo("localhost");
        assertThat(data.get("password").asText()).isEqualTo("pw-123"); // a copy is masked
        ObjectNode empty = CredentialData.validated(pg, json("{}"));
        assertThat(CredentialData.masked(pg, empty).get("password").asText()).isEmpty();
    }

    @Test
    void aPatchKeepsLeftOutAndMaskedFieldsAndResetsNulls() {
        var pg = PostgresCredential.DESCRIPTOR;
        ObjectNode stored = CredentialData.validated(pg, json("{'host':'db','port':6543,'password':'pw-123'}"));
        ObjectNode next = CredentialData.merged(
                pg, stored, json("{'host':'db2','password':'" + CredentialData.MASK + "','port':null}"));
        assertThat(next.get("host").asText()).isEqualTo("db2");
        assertThat(next.get("password").asText()).isEqualTo("pw-123");
        assertThat(next.get("port").asInt()).isEqualTo(5432);
        assertThat(next.get("user").asText()).isEqualTo("postgres");
        refused(() -> CredentialData.merged(pg, stored, json("{'port':'x'}")), "data.port", "must be a number");
        refused(() -> CredentialData.merged(pg, stored, json("{'nope':1}")), "data.nope", "is not a field");
    }
}

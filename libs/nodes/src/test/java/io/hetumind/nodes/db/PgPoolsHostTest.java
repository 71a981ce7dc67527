package io.hetumind.nodes.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A credential's host goes into the JDBC URL: only a host name or an IP address may, never driver parameters. */
class PgPoolsHostTest {

    private static ObjectNode cred(String host) {
        return JsonNodeFactory.instance.objectNode().put("host", host);
    }

    @Test
    void namesAndAddressesAreTakenAsWritten() {
        for (String host : List.of("localhost", "db.internal.example", "my_db-1", "10.0.0.5", "::1", "fe80::1%eth0")) {
            assertThat(PgPools.host(cred(host))).isEqualTo(host);
        }
        assertThat(PgPools.host(cred(" db.example "))).isEqualTo("db.example");
        assertThat(PgPools.host(JsonNodeFactory.instance.objectNode())).isEqualTo("localhost");
    }

    @Test
    void anythingThatCouldCarryDriverParametersIsRefused() {
        for (String host : List.of(
                "127.0.0.1:5432/postgres?socketFactory=javax.net.DefaultSocketFactory&x=",
                "db?sslmode=disable",
                "db/other",
                "user@db",
                "db#frag",
                "db&socketFactory=x",
                "db example",
                "")) {
            assertThatThrownBy(() -> PgPools.host(cred(host)))
                    .as(host)
                    .isInstanceOf(NodeException.class)
                    .hasMessageContaining("is not a host name or an IP address");
        }
    }
}

package io.hetumind.nodes.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.NodeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a host sees when this module is on its class path: every type found, checked and known. */
class RegistrationTest {

    @Test
    void serviceLoaderFindsTheProtocolNodesBesideTheStandardOnesAndTheirCredentialsAreKnown() {
        NodeRegistry nodes = NodeRegistry.load();
        for (String alias : List.of(
                "n8n-nodes-base.compression",
                "n8n-nodes-base.graphql",
                "n8n-nodes-base.mqtt",
                "n8n-nodes-base.mySql",
                "n8n-nodes-base.redis",
                "n8n-nodes-base.redisTrigger",
                "n8n-nodes-base.rabbitmq")) {
            assertThat(nodes.find(alias)).as(alias).isPresent();
        }
        CredentialRegistry credentials = CredentialRegistry.load();
        assertThat(credentials.find("mqtt")).isPresent();
        assertThat(nodes.find("n8n-nodes-base.emailSend")).isPresent();
        assertThat(credentials.find("smtp")).isPresent();
        assertThat(nodes.find("n8n-nodes-base.emailReadImap")).isPresent();
        assertThat(credentials.find("imap")).isPresent();
        assertThat(nodes.find("n8n-nodes-base.ftp")).isPresent();
        assertThat(credentials.find("ftp")).isPresent();
        assertThat(credentials.find("sftp")).isPresent();
        assertThat(nodes.find("n8n-nodes-base.awsS3")).isPresent();
        assertThat(credentials.find("aws")).isPresent();
        for (String type : List.of("mySql", "redis", "rabbitmq")) {
            assertThat(credentials.find(type)).as(type).isPresent();
        }
        assertThat(credentials.checkNodes(nodes)).isEmpty();
    }
}

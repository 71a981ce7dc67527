package io.hetumind.nodes.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * An n8n export chaining MySQL, Redis and RabbitMQ by their n8n type names runs unchanged against
 * the machine's servers, the nodes found by ServiceLoader and the credentials resolved by type.
 */
class DatabaseExportRunTest {

    @Test
    void mysqlRowsRememberedInRedisSavedAndAnnouncedOnRabbitMq() throws Exception {
        Servers.require("MariaDB", 3306);
        Servers.require("Redis", 6379);
        Servers.require("RabbitMQ", 5672);
        String id = Long.toString(System.nanoTime(), 36);
        String table = "hm_export_" + id;
        String queue = "hm-export-" + id;
        String prefix = "hm:export:" + id + ":";
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        try (java.sql.Connection db = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:3306/test", p);
                Statement st = db.createStatement();
                Connection amqp = f.newConnection();
                Jedis redis = new Jedis("127.0.0.1", 6379);
                InputStream in = getClass().getResourceAsStream("/n8n/mysql-redis-rabbitmq.json")) {
            st.execute("CREATE TABLE " + table + " (name VARCHAR(20) PRIMARY KEY, age INT)");
            Channel ch = amqp.createChannel();
            ch.queueDeclare(queue, false, false, true, null);
            try {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("TABLE", table)
                        .replace("QUEUE", queue)
                        .replace("PREFIX", prefix);
                Workflow wf = WorkflowFormat.readJson(text);
                Map<String, ObjectNode> creds = Map.of(
                        "mySql",
                                Json.object()
                                        .put("host", "127.0.0.1")
                                        .put("port", 3306)
                                        .put("database", "test")
                                        .put("user", "root")
                                        .put("password", ""),
                        "redis",
                                Json.object()
                                        .put("host", "127.0.0.1")
                                        .put("port", 6379)
                                        .put("database", 0),
                        "rabbitmq",
                                Json.object()
                                        .put("hostname", "127.0.0.1")
                                        .put("port", 5672)
                                        .put("username", "guest")
                                        .put("password", "guest")
                                        .put("vhost", "/"));
                CredentialResolver resolver =
                        (ref, type) -> Optional.ofNullable(creds.get(type)).map(ObjectNode::deepCopy);
                Engine engine = Engine.builder()
                        .registry(NodeRegistry.load())
                        .expressions(ServiceLoader.load(ExpressionEngine.class)
                                .findFirst()
                                .orElse(null))
                        .service(BinaryStore.class, ProtocolHarness.STORE)
                        .credentials(resolver)
                        .build();
                ExecutionResult r =
                        engine.run(engine.prepare(wf), RunRequest.defaults().sequential());
                assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);

                assertThat(redis.get(prefix + "Ann")).isEqualTo("31");
                assertThat(redis.get(prefix + "Bob")).isEqualTo("25");
                assertThat(redis.ttl(prefix + "Ann")).isBetween(1L, 120L);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT name, age FROM " + table + " ORDER BY name")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + "=" + rs.getInt(2));
                    }
                }
                assertThat(rows).containsExactly("Ann=31", "Bob=25");
                GetResponse m = null;
                for (int i = 0; i < 100 && m == null; i++) {
                    m = ch.basicGet(queue, true);
                    if (m == null) {
                        Thread.sleep(20);
                    }
                }
                assertThat(m).isNotNull();
                assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("saved: true");
                assertThat(m.getProps().getHeaders().get("source").toString()).isEqualTo("n8n-export");
            } finally {
                st.execute("DROP TABLE IF EXISTS " + table);
                redis.del(prefix + "Ann", prefix + "Bob");
                ch.queueDelete(queue);
            }
        }
    }
}

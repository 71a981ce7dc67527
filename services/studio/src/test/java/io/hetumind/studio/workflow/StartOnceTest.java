package io.hetumind.studio.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.studio.execution.ExecutionRecords;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The studio's starter of sub-workflows not waited for, handed a key (a node try on Temporal, which may run again after
 * its worker was lost): one execution per key, however often and however concurrently it is asked, and a key whose
 * execution is another tenant's is refused; without a key every call starts one, as before.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class StartOnceTest {

    @Inject
    TenantWorkflows tenantWorkflows;

    @Inject
    DataSource db;

    private static final String CHILD = TenantWorkflowsTest.CHILD.formatted("once");

    private static List<Item> items(int n) {
        return List.of(Item.of(Json.object().put("n", n)));
    }

    /** The ids of the workflow's execution records, with a queue row or not. */
    private List<UUID> executions(UUID workflowId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM execution WHERE workflow_id = ?")) {
            ps.setObject(1, workflowId);
            try (ResultSet rs = ps.executeQuery()) {
                List<UUID> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
                return out;
            }
        }
    }

    @Test
    void aKeyStartsOneExecutionHoweverOftenAndConcurrentlyItIsAsked() throws Exception {
        UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID child = Fixtures.save(db, tenant, CHILD).workflowId();
        SubWorkflowStarter starter = tenantWorkflows.starterFor(tenant, null);
        long at = System.currentTimeMillis();
        String key = UUID.randomUUID() + ".s3.7.0";

        starter.start(child.toString(), items(1), key, at);
        starter.start(child.toString(), items(1), key, at);
        UUID id = ExecutionRecords.idFor(key, at);
        assertThat(executions(child)).containsExactly(id);
        assertThat(ExecutionRecords.createdAt(id).toEpochMilli())
                .as("the record sits in the partition of the key's time")
                .isEqualTo(at);

        // eight tries racing with another key: still one
        String raced = UUID.randomUUID() + ".s3.7.1";
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    starter.start(child.toString(), items(2), raced, at);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(executions(child)).containsExactlyInAnyOrder(id, ExecutionRecords.idFor(raced, at));
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM execution_queue WHERE workflow_id = ?")) {
            ps.setObject(1, child);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("no execution beyond the two was ever queued (settled ones have left the queue)")
                        .isLessThanOrEqualTo(2);
            }
        }

        // without a key, each call is a start, as on the native backend
        starter.start(child.toString(), items(3));
        starter.start(child.toString(), items(3));
        assertThat(executions(child)).hasSize(4);
    }

    @Test
    void aKeyWhoseExecutionIsAnotherTenantsIsRefusedAndStartsNothing() throws Exception {
        UUID a = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID b = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID childOfA = Fixtures.save(db, a, CHILD).workflowId();
        UUID childOfB = Fixtures.save(db, b, CHILD).workflowId();
        long at = System.currentTimeMillis();
        String key = UUID.randomUUID() + ".s1.1.0";
        tenantWorkflows.starterFor(a, null).start(childOfA.toString(), items(1), key, at);

        assertThatThrownBy(() -> tenantWorkflows.starterFor(b, null).start(childOfB.toString(), items(1), key, at))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("could not be started")
                .hasMessageContaining("is taken");
        assertThat(executions(childOfB)).isEmpty();
        assertThat(executions(childOfA)).containsExactly(ExecutionRecords.idFor(key, at));
    }
}

package io.hetumind.nodes.trigger.schedule;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.ActiveTriggers;
import io.hetumind.core.spi.trigger.ScheduleRule;
import io.hetumind.core.spi.trigger.ScheduleTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** n8n's legacy Interval and Cron triggers, as their exports still carry them. */
class LegacyScheduleTriggersTest {

    private static List<ScheduleRule> rules(ScheduleTrigger node, String type, String params) {
        return node.rules(new TriggerParams(Node.of("T", type, 1, json(params))), ZoneId.of("UTC"));
    }

    private static String next(List<ScheduleRule> rules, String after, String zone) {
        ZonedDateTime from = LocalDateTime.parse(after).atZone(ZoneId.of(zone));
        return ScheduleTrigger.next(rules, from)
                .orElseThrow()
                .toOffsetDateTime()
                .toString();
    }

    private static List<ScheduleRule> interval(String params) {
        return rules(new IntervalTriggerNode(), "n8n-nodes-base.interval", params);
    }

    private static List<ScheduleRule> cron(String params) {
        return rules(new CronTriggerNode(), "n8n-nodes-base.cron", params);
    }

    @Test
    void intervalCountsFromTheLastFireInItsUnit() {
        assertThat(next(interval("{}"), "2024-01-01T00:00:00.250", "UTC")).isEqualTo("2024-01-01T00:00:01.250Z");
        assertThat(next(interval("{'interval': 90, 'unit': 'minutes'}"), "2024-01-01T10:07:00", "UTC"))
                .isEqualTo("2024-01-01T11:37Z");
        assertThat(next(interval("{'interval': 2, 'unit': 'hours'}"), "2024-03-31T01:30:00", "Europe/Berlin"))
                .as("an elapsed period, whatever the wall clock does (the spring-forward gap is skipped)")
                .isEqualTo("2024-03-31T04:30+02:00");
        assertThat(next(interval("{'interval': 1.5}"), "2024-01-01T00:00:00", "UTC"))
                .isEqualTo("2024-01-01T00:00:01.500Z");
    }

    @Test
    void intervalRefusesWhatNEightNRefusesWithItsWords() {
        assertThatThrownBy(() -> interval("{'interval': 0}"))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("The interval has to be set to at least 1 or higher!");
        assertThatThrownBy(() -> interval("{'interval': 597, 'unit': 'hours'}"))
                .hasMessageContaining("The interval value is too large.");
        assertThat(interval("{'interval': 596, 'unit': 'hours'}")).hasSize(1);
        assertThatThrownBy(() -> interval("{'unit': 'days'}")).hasMessageContaining("unknown unit 'days'");
        assertThatThrownBy(() -> interval("{'interval': '={{ 5 }}'}")).hasMessageContaining("expression");
    }

    @Test
    void cronModesBuildNEightNsExpressionsWithSecondZero() {
        String after = "2024-01-01T10:07:30"; // a Monday
        assertThat(next(cron("{'triggerTimes': {'item': [{'mode': 'everyMinute'}]}}"), after, "UTC"))
                .isEqualTo("2024-01-01T10:08Z");
        assertThat(next(cron("{'triggerTimes': {'item': [{'mode': 'everyHour', 'minute': 5}]}}"), after, "UTC"))
                .isEqualTo("2024-01-01T11:05Z");
        assertThat(next(cron("{'triggerTimes': {'item': [{'mode': 'everyDay'}]}}"), after, "UTC"))
                .as("n8n's defaults: 14:00")
                .isEqualTo("2024-01-01T14:00Z");
        assertThat(next(
                        cron(
                                "{'triggerTimes': {'item': [{'mode': 'everyWeek', 'hour': 9, 'minute': 30, 'weekday': '0'}]}}"),
                        after,
                        "UTC"))
                .isEqualTo("2024-01-07T09:30Z");
        assertThat(next(
                        cron("{'triggerTimes': {'item': [{'mode': 'everyMonth', 'hour': 6, 'dayOfMonth': 15}]}}"),
                        after,
                        "UTC"))
                .isEqualTo("2024-01-15T06:00Z");
        assertThat(next(
                        cron("{'triggerTimes': {'item': [{'mode': 'everyX', 'value': 20, 'unit': 'minutes'}]}}"),
                        after,
                        "UTC"))
                .isEqualTo("2024-01-01T10:20Z");
        assertThat(next(cron("{'triggerTimes': {'item': [{'mode': 'everyX', 'value': 4}]}}"), after, "UTC"))
                .isEqualTo("2024-01-01T12:00Z");
        assertThat(next(
                        cron("{'triggerTimes': {'item': [{'mode': 'custom', 'cronExpression': ' 15 */10 * * * * '}]}}"),
                        after,
                        "UTC"))
                .isEqualTo("2024-01-01T10:10:15Z");
    }

    @Test
    void cronEntriesAreAllRulesInTheWorkflowZoneAndNoneMeansNever() {
        List<ScheduleRule> two = cron(
                "{'triggerTimes': {'item': [{'mode': 'everyDay', 'hour': 8}," + " {'mode': 'everyDay', 'hour': 20}]}}");
        assertThat(two).hasSize(2);
        assertThat(next(two, "2024-06-01T09:00:00", "Europe/Berlin")).isEqualTo("2024-06-01T20:00+02:00");
        assertThat(cron("{}")).isEmpty();
        assertThat(cron("{'triggerTimes': {}}")).isEmpty();
    }

    @Test
    void badCronEntriesNameTheirPath() {
        assertThatThrownBy(() -> cron("{'triggerTimes': {'item': [{'mode': 'everyDay'}, {'mode': 'sometimes'}]}}"))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("triggerTimes.item.1.mode")
                .hasMessageContaining("unknown mode 'sometimes'");
        assertThatThrownBy(
                        () -> cron("{'triggerTimes': {'item': [{'mode': 'custom', 'cronExpression': '61 * * * *'}]}}"))
                .hasMessageContaining("triggerTimes.item.0");
    }

    @Test
    void anNEightNExportWithBothIsListedAsScheduleTriggers() {
        var workflow = io.hetumind.core.format.WorkflowFormat.readJson(
                """
                {"name": "legacy", "nodes": [
                  {"id": "1", "name": "Interval", "type": "n8n-nodes-base.interval", "typeVersion": 1, "position": [0, 0],
                   "parameters": {"interval": 5, "unit": "minutes"}},
                  {"id": "2", "name": "Cron", "type": "n8n-nodes-base.cron", "typeVersion": 1, "position": [0, 200],
                   "parameters": {"triggerTimes": {"item": [{"mode": "everyHour", "minute": 30}]}}}
                ], "connections": {}}
                """);
        var registry = io.hetumind.core.spi.NodeRegistry.of(List.of(new IntervalTriggerNode(), new CronTriggerNode()));
        List<ActiveTriggers.Entry> active = ActiveTriggers.of(workflow, registry);
        assertThat(active).extracting(ActiveTriggers.Entry::node).containsExactlyInAnyOrder("Interval", "Cron");
        assertThat(active).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(io.hetumind.core.spi.trigger.TriggerKind.SCHEDULE);
            assertThat(e.rules()).hasSize(1);
        });
        ActiveTriggers.Entry every5 = active.stream()
                .filter(e -> e.node().equals("Interval"))
                .findFirst()
                .orElseThrow();
        assertThat(next(every5.rules(), "2024-01-01T00:00:00", "UTC")).isEqualTo("2024-01-01T00:05Z");
    }
}

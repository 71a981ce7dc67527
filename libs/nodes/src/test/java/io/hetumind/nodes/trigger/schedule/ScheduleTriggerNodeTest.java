package io.hetumind.nodes.trigger.schedule;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.ScheduleRule;
import io.hetumind.core.spi.trigger.ScheduleTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTriggerNodeTest {

    private final ScheduleTriggerNode node = new ScheduleTriggerNode();

    private List<ScheduleRule> rules(String params) {
        return node.rules(
                new TriggerParams(Node.of("Schedule", "hetumind.scheduleTrigger", 1.2, json(params))),
                ZoneId.of("UTC"));
    }

    private String next(String params, String after, String zone) {
        ZonedDateTime from = java.time.LocalDateTime.parse(after).atZone(ZoneId.of(zone));
        return ScheduleTrigger.next(rules(params), from)
                .orElseThrow()
                .toOffsetDateTime()
                .toString();
    }

    @Test
    void intervalsBecomeN8nCron() {
        assertThat(next(
                        "{'rule':{'interval':[{'field':'seconds','secondsInterval':10}]}}",
                        "2024-01-01T00:00:05",
                        "UTC"))
                .isEqualTo("2024-01-01T00:00:10Z");
        assertThat(next(
                        "{'rule':{'interval':[{'field':'minutes','minutesInterval':5}]}}",
                        "2024-01-01T00:07:00",
                        "UTC"))
                .isEqualTo("2024-01-01T00:10Z");
        assertThat(next(
                        "{'rule':{'interval':[{'field':'hours','hoursInterval':6,'triggerAtMinute':15}]}}",
                        "2024-01-01T07:00:00",
                        "UTC"))
                .isEqualTo("2024-01-01T12:15Z");
        assertThat(next("{'rule':{'interval':[{'field':'days','triggerAtHour':9}]}}", "2024-01-01T10:00:00", "UTC"))
                .isEqualTo("2024-01-02T09:00Z");
        assertThat(next(
                        "{'rule':{'interval':[{'field':'months','triggerAtDayOfMonth':31,'triggerAtHour':6}]}}",
                        "2024-01-31T07:00:00",
                        "UTC"))
                .isEqualTo("2024-03-31T06:00Z");
        assertThat(next(
                        "{'rule':{'interval':[{'field':'cronExpression','expression':'0 8 * * 1'}]}}",
                        "2024-05-01T00:00:00",
                        "UTC"))
                .isEqualTo("2024-05-06T08:00Z");
    }

    @Test
    void defaultIsDailyAtMidnightInTheWorkflowZone() {
        assertThat(next("{}", "2024-03-30T12:00:00", "Europe/Berlin")).isEqualTo("2024-03-31T00:00+01:00");
        assertThat(next("{}", "2024-03-31T12:00:00", "Europe/Berlin")).isEqualTo("2024-04-01T00:00+02:00");
    }

    @Test
    void weeksOnWeekdaysAndEveryOtherWeek() {
        String weekly = "{'rule':{'interval':[{'field':'weeks','triggerAtDay':[1,3],'triggerAtHour':7}]}}";
        assertThat(next(weekly, "2024-05-06T08:00:00", "UTC")).isEqualTo("2024-05-08T07:00Z");
        String biweekly = "{'rule':{'interval':[{'field':'weeks','weeksInterval':2,'triggerAtDay':[1]}]}}";
        String first = next(biweekly, "2024-05-01T00:00:00", "UTC");
        String second = next(biweekly, first.substring(0, 16), "UTC");
        assertThat(java.time.Duration.between(
                        java.time.OffsetDateTime.parse(first), java.time.OffsetDateTime.parse(second)))
                .hasDays(14);
    }

    @Test
    void severalRulesTakeTheEarliest() {
        String two = "{'rule':{'interval':[{'field':'days','triggerAtHour':18},{'field':'hours','hoursInterval':4}]}}";
        assertThat(next(two, "2024-01-01T13:00:00", "UTC")).isEqualTo("2024-01-01T16:00Z");
    }

    @Test
    void badRulesNameNodeAndParameter() {
        assertThatThrownBy(() -> rules("{'rule':{'interval':[{'field':'minutes','minutesInterval':0}]}}"))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("node 'Schedule'")
                .hasMessageContaining("rule.interval.0.minutesInterval");
        assertThatThrownBy(() -> rules("{'rule':{'interval':[{'field':'cronExpression','expression':'nope'}]}}"))
                .hasMessageContaining("rule.interval.0")
                .hasMessageContaining("5 or 6 fields");
        assertThatThrownBy(() -> rules("{'rule':{'interval':[{'field':'fortnights'}]}}"))
                .hasMessageContaining("unknown interval field");
        assertThatThrownBy(() -> rules("{'rule':{'interval':[{'field':'days','triggerAtHour':'={{ 5 }}'}]}}"))
                .hasMessageContaining("expression");
    }

    /** 1.3 checks each interval's range as n8n's validateInterval does, with n8n's words, on activation. */
    @Test
    void v1_3RefusesIntervalsOutOfN8nsRangesOnActivation() {
        assertThatThrownBy(() -> rules13("{'rule':{'interval':[{'field':'seconds','secondsInterval':90}]}}"))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("rule.interval.0")
                .hasMessageContaining("Invalid interval: Seconds must be in range 1-59");
        assertThatThrownBy(
                        () -> rules13(
                                "{'rule':{'interval':[{'field':'hours','hoursInterval':2},{'field':'months','monthsInterval':0}]}}"))
                .hasMessageContaining("rule.interval.1")
                .hasMessageContaining("Months must be larger than 0");
        // null compares as 0 in JavaScript: below the range
        assertThatThrownBy(() -> rules13("{'rule':{'interval':[{'field':'hours','hoursInterval':null}]}}"))
                .hasMessageContaining("Hours must be in range 1-23");
        assertThat(rules13("{'rule':{'interval':[{'field':'days','daysInterval':31}]}}"))
                .hasSize(1);
    }

    private List<ScheduleRule> rules13(String params) {
        return node.rules(
                new TriggerParams(Node.of("Schedule", "hetumind.scheduleTrigger", 1.3, json(params))),
                ZoneId.of("UTC"));
    }

    @Test
    void emitsN8nScheduleItem() {
        var t = ZonedDateTime.of(2024, 5, 1, 14, 5, 9, 0, ZoneId.of("Europe/Berlin"));
        assertThat(ScheduleItem.of(t))
                .isEqualTo(
                        json("{'timestamp':'2024-05-01T14:05:09.000+02:00','Readable date':'May 1st 2024, 2:05:09 pm',"
                                + "'Readable time':'2:05:09 pm','Day of week':'Wednesday','Year':'2024','Month':'May',"
                                + "'Day of month':'01','Hour':'14','Minute':'05','Second':'09',"
                                + "'Timezone':'Europe/Berlin (UTC+02:00)'}"));
        assertThat(ScheduleItem.ordinal(11)).isEqualTo("11th");
        assertThat(ScheduleItem.ordinal(22)).isEqualTo("22nd");
        assertThat(ScheduleItem.ordinal(23)).isEqualTo("23rd");
    }
}

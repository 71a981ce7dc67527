package io.hetumind.nodes.data.datetime;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Node;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.testing.NodeHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateTimeNodeTest {

    private final DateTimeNode node = new DateTimeNode();

    private JsonNode one(double version, String params) {
        return out(run(node, version, params, items("[{'k':1}]")), 0).getFirst();
    }

    @Test
    void v1FormatsWithPresetsCustomPatternsAndZones() {
        assertThat(one(1, "{'value':'2022-08-01T10:05:03Z'}").path("data").asText())
                .isEqualTo("08/01/2022");
        assertThat(one(
                                1,
                                "{'value':'2022-08-01T10:05:03Z','custom':true,'toFormat':'dddd, MMMM Do YYYY, h:mm:ss a [Q]Q'}")
                        .path("data")
                        .asText())
                .isEqualTo("Monday, August 1st 2022, 10:05:03 am Q3");
        assertThat(one(1, "{'value':'2022-08-01T10:05:03Z','toFormat':'x'}")
                        .path("data")
                        .asText())
                .isEqualTo("1659348303000");
        assertThat(one(
                                1,
                                "{'value':'2022-01-12','toFormat':'MM-DD-YYYY','options':{'fromFormat':'YYYY-DD-MM',"
                                        + "'fromTimezone':'US/Hawaii','toTimezone':'US/Pacific'}}")
                        .path("data")
                        .asText())
                .isEqualTo("12-01-2022");
        assertThat(one(
                                1,
                                "{'value':'08/01/2022','toFormat':'YYYY/MM/DD','options':{'fromTimezone':'US/Hawaii',"
                                        + "'toTimezone':'US/Pacific'}}")
                        .path("data")
                        .asText())
                .isEqualTo("2022/07/31");
        assertThat(one(
                                1,
                                "{'value':'2022-08-01T10:05:03Z','dataPropertyName':'out','custom':true,'toFormat':'YYYY-MM-DD HH:mm Z',"
                                        + "'options':{'toTimezone':'Asia/Kolkata'}}")
                        .path("out")
                        .asText())
                .isEqualTo("2022-08-01 15:35 +05:30");
    }

    @Test
    void v1ReadsTimestampsInSecondsMillisecondsAndFractions() {
        for (String v : new String[] {"1682918315906", "1682918315.906", "1682918315", "={{ 1682918315906 }}"}) {
            assertThat(one(1, "{'value':'" + v + "','custom':true,'toFormat':'YYYY-MM-DD HH:mm'}")
                            .path("data")
                            .asText())
                    .as(v)
                    .isEqualTo("2023-05-01 05:18");
        }
    }

    @Test
    void v1CalculatesWithMomentUnits() {
        assertThat(one(1, "{'action':'calculate','value':'08/01/2022','duration':2,'timeUnit':'quarters'}")
                        .path("data")
                        .asText())
                .isEqualTo("2023-02-01T00:00:00.000Z");
        assertThat(one(
                                1,
                                "{'action':'calculate','value':'2022-03-31','operation':'subtract','duration':1,"
                                        + "'timeUnit':'months','dataPropertyName':'a.b'}")
                        .path("a")
                        .path("b")
                        .asText())
                .isEqualTo("2022-02-28T00:00:00.000Z");
        assertThat(one(
                                1,
                                "{'action':'calculate','value':'01.02.2022 10:30','duration':90,'timeUnit':'minutes',"
                                        + "'options':{'fromFormat':'DD.MM.YYYY HH:mm'}}")
                        .path("data")
                        .asText())
                .isEqualTo("2022-02-01T12:00:00.000Z");
    }

    @Test
    void v1ReportsUnreadableDatesWithParameterAndItem() {
        var in = items("[{'d':'2022-01-01'},{'d':'not a date'}]");
        assertThat(error(run(node, 1, "{'value':'={{ $json.d }}'}", in)))
                .contains("'value'")
                .contains("From Format")
                .contains("item 1");
        assertThat(error(run(
                        node,
                        1,
                        "{'action':'calculate','value':'2022-01-01'," + "'options':{'fromFormat':'DD.MM.YYYY'}}",
                        in)))
                .contains("options.fromFormat")
                .contains("item 0");
    }

    @Test
    void v2AddsSubtractsAndKeepsTheWorkflowZone() {
        assertThat(one(2, "{'operation':'addToDate','magnitude':'2023-04-11T13:51:59.965+00:00','duration':2}"))
                .isEqualTo(jsons("[{'newDate':'2023-04-13T13:51:59.965Z'}]").getFirst());
        assertThat(one(
                        2,
                        "{'operation':'subtractFromDate','magnitude':'2023-03-31T10:00:00Z','duration':1,"
                                + "'timeUnit':'months','options':{'includeInputFields':true}}"))
                .isEqualTo(
                        jsons("[{'k':1,'newDate':'2023-02-28T10:00:00.000Z'}]").getFirst());
    }

    @Test
    void v2FormatsRoundsExtractsAndMeasures() {
        assertThat(one(
                                2,
                                "{'operation':'formatDate','date':'2023-04-11T23:30:00+02:00','format':'custom',"
                                        + "'customFormat':'cccc, dd LLL yyyy HH:mm ZZ'}")
                        .path("formattedDate")
                        .asText())
                .isEqualTo("Tuesday, 11 Apr 2023 23:30 +02:00");
        assertThat(one(
                                2,
                                "{'operation':'formatDate','date':'2023-04-11T23:30:00+02:00','format':'yyyy-MM-dd',"
                                        + "'options':{'timezone':true}}")
                        .path("formattedDate")
                        .asText())
                .isEqualTo("2023-04-11");
        assertThat(one(
                                2,
                                "{'operation':'formatDate','date':'11/04/2023','format':'X',"
                                        + "'options':{'fromFormat':'dd/MM/yyyy'}}")
                        .path("formattedDate")
                        .asText())
                .isEqualTo("1681171200");
        assertThat(one(2, "{'operation':'formatDate','date':'={{ null }}'}")
                        .path("formattedDate")
                        .isNull())
                .isTrue();
        assertThat(one(2, "{'operation':'roundDate','date':'2023/04/11 15:00:00','toNearest':'day'}")
                        .path("roundedDate")
                        .asText())
                .isEqualTo("2023-04-11T00:00:00.000Z");
        assertThat(one(2, "{'operation':'roundDate','date':'2023-04-11T15:00:00Z','mode':'roundUp','to':'endOfMonth'}")
                        .path("roundedDate")
                        .asText())
                .isEqualTo("2023-04-30T23:59:59.999Z");
        assertThat(one(2, "{'operation':'extractDate','date':'April 11, 2023 2:30 PM','part':'hour'}")
                        .path("datePart")
                        .asInt())
                .isEqualTo(14);
        assertThat(one(
                                2,
                                "{'operation':'getTimeBetweenDates','startDate':'2023-01-01T00:00:00Z',"
                                        + "'endDate':'2023-02-15T12:00:00Z','units':['month','day']}")
                        .path("timeDifference"))
                .isEqualTo(jsons("[{'months':1,'days':14.5}]").getFirst());
        assertThat(one(
                                2,
                                "{'operation':'getTimeBetweenDates','startDate':'2023-01-01T00:00:00Z',"
                                        + "'endDate':'2023-01-01T01:30:00Z','units':['hour','minute'],'options':{'isoString':true}}")
                        .path("timeDifference")
                        .asText())
                .isEqualTo("PT1H30M");
        assertThat(one(2, "{'operation':'getCurrentDate','includeTime':false,'options':{'timezone':'Asia/Tokyo'}}")
                        .path("currentDate")
                        .asText())
                .endsWith("T00:00:00.000+09:00");
    }

    private JsonNode zoned(String tz, String params, String item) {
        Node n = Node.of("Node", node.descriptor().type(), 2, NodeTests.json(params));
        var r = new NodeHarness(node, NodeTests.expressions()).zone(tz).run(n, List.of(items(item)));
        return out(r, 0).getFirst();
    }

    @Test
    void v2ReadsDatesLikeN8nParseDate() {
        // text without an offset is read by moment in n8n's process zone (UTC), then shown in the workflow zone
        assertThat(zoned(
                                "America/New_York",
                                "{'operation':'extractDate','date':'2024-02-29','part':'hour','outputFieldName':'h'}",
                                "[{}]")
                        .path("h")
                        .asInt())
                .isEqualTo(19);
        assertThat(zoned(
                                "Asia/Kolkata",
                                "{'operation':'addToDate','magnitude':'2024-11-03 01:30','duration':1,'outputFieldName':'o'}",
                                "[{}]")
                        .path("o")
                        .asText())
                .isEqualTo("2024-11-04T07:00:00.000+05:30");
        // told no zone, formatDate shows "+hh:mm" text at its whole-hour offset (Etc/GMT-5) and the rest in Etc/UTC
        String fmt = "{'operation':'formatDate','date':'={{ $json.d }}','format':'custom',"
                + "'customFormat':'yyyy-MM-dd HH:mm:ss ZZ z ZZZZ','outputFieldName':'o'}";
        assertThat(zoned("Europe/Berlin", fmt, "[{'d':'2024-12-31T23:59:59+05:30'}]")
                        .path("o")
                        .asText())
                .isEqualTo("2024-12-31 23:29:59 +05:00 Etc/GMT-5 GMT+5");
        assertThat(zoned("Europe/Berlin", fmt, "[{'d':'2024-03-10T01:30:00Z'}]")
                        .path("o")
                        .asText())
                .isEqualTo("2024-03-10 01:30:00 +00:00 Etc/UTC UTC");
        // a number is a timestamp (fewer than 12 digits: seconds) even with a fromFormat
        assertThat(zoned(
                                "Pacific/Chatham",
                                "{'operation':'formatDate','date':'={{ 0 }}','format':'custom','customFormat':'yyyy-MM-dd HH:mm',"
                                        + "'outputFieldName':'o','options':{'fromFormat':'x'}}",
                                "[{}]")
                        .path("o")
                        .asText())
                .isEqualTo("1970-01-01 00:00");
    }

    @Test
    void v1CalculatesInTheProcessZoneWhateverTheWorkflowZone() {
        // moment adds in n8n's process zone (UTC): six months from August stay at midnight UTC, no DST hour
        String p = "{'action':'calculate','value':'08/01/2022','duration':2,'timeUnit':'quarters'}";
        Node n = Node.of("Node", node.descriptor().type(), 1, NodeTests.json(p));
        var r = new NodeHarness(node, NodeTests.expressions())
                .zone("America/New_York")
                .run(n, List.of(items("[{}]")));
        assertThat(out(r, 0).getFirst().path("data").asText()).isEqualTo("2023-02-01T00:00:00.000Z");
    }

    @Test
    void v2DurationsFollowLuxon() {
        // ISO durations leave zero units out
        assertThat(one(
                                2,
                                "{'operation':'getTimeBetweenDates','startDate':'2024-03-10T01:30:00Z','endDate':'2024-11-03T01:30:00Z',"
                                        + "'units':['year','month','week','day'],'options':{'isoString':true}}")
                        .path("timeDifference")
                        .asText())
                .isEqualTo("P7M3W3D");
        assertThat(one(
                                2,
                                "{'operation':'getTimeBetweenDates','startDate':'2024-01-01T00:00:00Z','endDate':'2024-01-01T00:00:00Z',"
                                        + "'units':['day'],'options':{'isoString':true}}")
                        .path("timeDifference")
                        .asText())
                .isEqualTo("PT0S");
        // the smallest clock unit takes all remaining milliseconds, and whole larger units are rolled up from it
        assertThat(one(
                                2,
                                "{'operation':'getTimeBetweenDates','startDate':'2024-12-31T18:29:59.999Z',"
                                        + "'endDate':'2025-01-01T00:00:00Z','units':['day','hour','minute']}")
                        .path("timeDifference"))
                .isEqualTo(jsons("[{'days':0,'hours':5,'minutes':30.00001666666668}]")
                        .getFirst());
    }

    @Test
    void v2BadInputsNameParameterAndItem() {
        var in = items("[{'d':'2023-01-01'},{'d':'garbage'}]");
        assertThat(error(run(node, 2, "{'operation':'extractDate','date':'={{ $json.d }}','part':'hour'}", in)))
                .contains("parameter 'date': Invalid date format")
                .contains("item 1");
        assertThat(error(run(
                        node, 2, "{'operation':'addToDate','magnitude':'2023-01-01','timeUnit':'={{ `eons` }}'}", in)))
                .contains("timeUnit")
                .contains("eons");
    }
}

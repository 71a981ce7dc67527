package io.hetumind.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fixed clock: 2024-03-10T14:30:15.123Z (a Sunday), zone UTC unless a test changes it. */
class DateTimeTest extends EngineTestSupport {

    static TestScope at(String instant, String zone) {
        var scope = TestScope.withJson("{\"when\":\"2024-01-31T08:00:00Z\",\"ms\":1710072000000}");
        scope.now = Instant.parse(instant);
        scope.zone = ZoneId.of(zone);
        return scope;
    }

    static final TestScope UTC = at("2024-03-10T14:30:15.123Z", "UTC");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ $now.toFormat('yyyy-MM-dd HH:mm:ss.SSS') }}|2024-03-10 14:30:15.123",
                "{{ $now.toFormat('yy M d H h a') }}|24 3 10 14 2 PM",
                "{{ $now.toFormat('dd/MM/yyyy hh:mm a') }}|10/03/2024 02:30 PM",
                "{{ $now.toFormat('EEE, MMM d') }}|Sun, Mar 10",
                "{{ $now.toFormat('EEEE d MMMM yyyy') }}|Sunday 10 March 2024",
                "{{ $now.toFormat('Z ZZ ZZZ') }}|+0 +00:00 +0000",
                "{{ $now.toFormat('o q kkkk WW') }}|70 1 2024 10",
                "{{ $now.toFormat(\"'Week' W 'of' kkkk\") }}|Week 10 of 2024",
                "{{ $now.toFormat('D') }}|3/10/2024",
                "{{ $now.toFormat('DD') }}|Mar 10, 2024",
                "{{ $now.toFormat('DDD') }}|March 10, 2024",
                "{{ $now.toFormat('t') }}|2:30 PM",
                "{{ $now.toFormat('T') }}|14:30",
                "{{ $now.toFormat('x') }}|1710081015123",
                "{{ $now.toFormat('X') }}|1710081015",
                "{{ $now.toISO() }}|2024-03-10T14:30:15.123Z",
                "{{ $now.toISODate() }}|2024-03-10",
                "{{ $now.toISOTime() }}|14:30:15.123Z",
                "{{ $now.toMillis() }}|1710081015123",
                "{{ String($now.toSeconds()) }}|1710081015.123",
                "{{ $now.toString() }}|2024-03-10T14:30:15.123Z",
                "{{ $now.toLocaleString(DateTime.DATETIME_MED) }}|Mar 10, 2024, 2:30 PM",
                "{{ [$now.year, $now.month, $now.day, $now.hour, $now.minute, $now.second, $now.millisecond].join() }}|2024,3,10,14,30,15,123",
                "{{ [$now.weekday, $now.weekNumber, $now.quarter, $now.zoneName, $now.offset].join() }}|7,10,1,UTC,0",
                "{{ $today.toISO() }}|2024-03-10T00:00:00.000Z",
                "{{ DateTime.now().toISO() }}|2024-03-10T14:30:15.123Z",
                "{{ $now.plus({days: 1}).toISODate() }}|2024-03-11",
                "{{ $now.plus(1, 'week').toISODate() }}|2024-03-17",
                "{{ $now.plus(2, 'hours').hour }}|16",
                "{{ $now.minus({months: 1, days: 10}).toISODate() }}|2024-01-31",
                "{{ $now.plus(Duration.fromObject({minutes: 30})).toFormat('HH:mm') }}|15:00",
                "{{ $now.plus(1000).second }}|16",
                "{{ $now.startOf('month').toISO() }}|2024-03-01T00:00:00.000Z",
                "{{ $now.startOf('week').toISODate() }}|2024-03-04",
                "{{ $now.startOf('year').toISODate() }}|2024-01-01",
                "{{ $now.startOf('quarter').toISODate() }}|2024-01-01",
                "{{ $now.endOf('month').toISO() }}|2024-03-31T23:59:59.999Z",
                "{{ $now.endOf('day').toISO() }}|2024-03-10T23:59:59.999Z",
                "{{ $now.set({hour: 9, minute: 0}).toFormat('HH:mm') }}|09:00",
                "{{ $now.setZone('America/New_York').toISO() }}|2024-03-10T10:30:15.123-04:00",
                "{{ $now.setZone('Asia/Kolkata').toFormat('HH:mm ZZ') }}|20:00 +05:30",
                "{{ $now.setZone('UTC+3').hour }}|17",
                "{{ $now.setZone('Not/AZone').isValid }}|false",
                "{{ DateTime.fromISO('2024-03-01').diff(DateTime.fromISO('2024-02-01'), 'days').days }}|29",
                "{{ $now.diff(DateTime.fromISO('2024-03-09T14:30:15.123Z'), 'hours').hours }}|24",
                "{{ $now.diff(DateTime.fromISO('2024-01-10T14:30:15.123Z'), 'months').months }}|2",
                "{{ $now.diff(DateTime.fromISO('2024-03-10T12:00:15.123Z')).as('minutes') }}|150",
                "{{ JSON.stringify($now.diff(DateTime.fromISO('2023-01-09T12:30:15.123Z'), ['years', 'days', 'hours']).toObject()) }}|{\"years\":1,\"days\":61,\"hours\":2}",
                "{{ DateTime.fromISO('2024-01-01').diff(DateTime.fromISO('2024-01-02'), 'days').days }}|-1",
                "{{ $now > DateTime.fromISO('2024-01-01') }}|true",
                "{{ $now < DateTime.fromISO('2024-01-01') }}|false",
                "{{ $now.equals(DateTime.fromMillis(1710081015123)) }}|true",
                "{{ $now.hasSame(DateTime.fromISO('2024-03-01T00:00:00Z'), 'month') }}|true",
                "{{ $now.hasSame(DateTime.fromISO('2024-02-29T00:00:00Z'), 'month') }}|false",
                "{{ $now.isBetween('2024-03-01', '2024-04-01') }}|true",
                "{{ $now.isWeekend() }}|true",
                "{{ $now.toRelative() }}|in 0 seconds",
                "{{ DateTime.fromISO('2024-03-12T14:30:15.123Z').toRelative() }}|in 2 days",
                "{{ DateTime.fromISO('2024-03-10T11:30:15.123Z').toRelative() }}|3 hours ago",
            })
    void formatsAndArithmeticWithAFixedClock(String template, String expected) {
        assertThat(text(template, UTC)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ DateTime.fromISO('2024-03-10T10:00:00+02:00').toISO() }}|2024-03-10T08:00:00.000Z",
                "{{ DateTime.fromISO('2024-03-10T10:00:00+02:00', {setZone: true}).toISO() }}|2024-03-10T10:00:00.000+02:00",
                "{{ DateTime.fromISO('2024-03-10T10:00', {zone: 'Europe/Paris'}).toISO() }}|2024-03-10T10:00:00.000+01:00",
                "{{ DateTime.fromISO('2024-03-10 10:00:00.5').toISO() }}|2024-03-10T10:00:00.500Z",
                "{{ DateTime.fromISO('2024-03').toISODate() }}|2024-03-01",
                "{{ DateTime.fromISO('garbage').isValid }}|false",
                "{{ String(DateTime.fromISO('garbage').toISO()) }}|null",
                "{{ DateTime.fromISO('garbage').toString() }}|Invalid DateTime",
                "{{ DateTime.fromMillis(0).toISO() }}|1970-01-01T00:00:00.000Z",
                "{{ DateTime.fromSeconds(86400, {zone: 'Asia/Tokyo'}).toISO() }}|1970-01-02T09:00:00.000+09:00",
                "{{ DateTime.fromFormat('25/12/2024 18:45', 'dd/MM/yyyy HH:mm').toISO() }}|2024-12-25T18:45:00.000Z",
                "{{ DateTime.fromFormat('Dec 5, 2024 3:07 PM', 'MMM d, yyyy h:mm a').toISO() }}|2024-12-05T15:07:00.000Z",
                "{{ DateTime.fromFormat('08:15', 'HH:mm').toISO() }}|2024-03-10T08:15:00.000Z",
                "{{ DateTime.fromFormat('31/02/2024', 'dd/MM/yyyy').isValid }}|false",
                "{{ DateTime.fromRFC2822('Tue, 3 Jun 2008 11:05:30 GMT').toISO() }}|2008-06-03T11:05:30.000Z",
                "{{ DateTime.fromObject({year: 2020, month: 2, day: 29}).toISODate() }}|2020-02-29",
                "{{ DateTime.local(2024, 5, 1, 12).toISO() }}|2024-05-01T12:00:00.000Z",
                "{{ DateTime.utc(2024, 5, 1).toISO() }}|2024-05-01T00:00:00.000Z",
                "{{ DateTime.fromJSDate(new Date(0)).toISO() }}|1970-01-01T00:00:00.000Z",
                "{{ $now.toJSDate().toISOString() }}|2024-03-10T14:30:15.123Z",
                "{{ DateTime.isDateTime($now) }}|true",
                "{{ DateTime.max(DateTime.fromISO('2024-01-01'), $now).toISODate() }}|2024-03-10",
                "{{ $json.when.toDateTime().plus({days: 1}).toISODate() }}|2024-02-01",
                "{{ $json.ms.toDateTime().toISO() }}|2024-03-10T12:00:00.000Z",
                "{{ Duration.fromObject({hours: 2, minutes: 30}).as('minutes') }}|150",
                "{{ Duration.fromObject({days: 1, hours: 2}).toISO() }}|P1DT2H",
                "{{ Duration.fromISO('PT1H30M').toMillis() }}|5400000",
                "{{ Duration.fromMillis(90000).shiftTo('minutes', 'seconds').toObject().seconds }}|30",
                "{{ Duration.fromObject({days: 1, hours: 2}).toHuman() }}|1 day, 2 hours",
            })
    void parsing(String template, String expected) {
        assertThat(text(template, UTC)).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void typedResultsAndMixedTemplatesRenderIsoStrings() {
        assertThat(eval("{{ $now }}", UTC).textValue()).isEqualTo("2024-03-10T14:30:15.123Z");
        assertThat(text("at {{ $now.plus({hours: 1}) }}", UTC)).isEqualTo("at 2024-03-10T15:30:15.123Z");
        assertThat(json("{{ {when: $now} }}", UTC)).isEqualTo("{\"when\":\"2024-03-10T14:30:15.123Z\"}");
        assertThat(text("{{ JSON.stringify([$today]) }}", UTC)).isEqualTo("[\"2024-03-10T00:00:00.000Z\"]");
        assertThat(eval("{{ new Date(0) }}", UTC).textValue()).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void javaScriptDatesKeepLocalTimeInTheProcessZoneNotTheWorkflowZone() {
        var berlin = at("2024-03-10T14:30:15.123Z", "Asia/Tokyo");
        berlin.processZone = ZoneId.of("Europe/Berlin");
        // Node under TZ=Europe/Berlin: local wall times, a date alone is UTC, a nonexistent hour moves forward
        assertThat(text("{{ new Date('2022-08-01T10:00:00').toISOString() }}", berlin))
                .isEqualTo("2022-08-01T08:00:00.000Z");
        assertThat(text("{{ new Date('2022-08-01').toISOString() }}", berlin)).isEqualTo("2022-08-01T00:00:00.000Z");
        assertThat(text("{{ new Date(2022, 0, 1).getTimezoneOffset() }}", berlin))
                .isEqualTo("-60");
        assertThat(text("{{ new Date(2022, 6, 1).getTimezoneOffset() }}", berlin))
                .isEqualTo("-120");
        assertThat(text("{{ new Date(0).getHours() }}", berlin)).isEqualTo("1");
        // Luxon's default zone stays the workflow's
        assertThat(text("{{ $now.zoneName }}", berlin)).isEqualTo("Asia/Tokyo");
        // V8 reads an ISO date and time joined by a space as local time too; Rhino alone would refuse it
        assertThat(text("{{ new Date('2022-03-26 01:30').toISOString() }}", berlin))
                .isEqualTo("2022-03-26T00:30:00.000Z");
        assertThat(text("{{ new Date('2022-01-15 08:00:30.5+05:00').toISOString() }}", berlin))
                .isEqualTo("2022-01-15T03:00:30.500Z");
        assertThat(text("{{ Date.parse('2022-01-15 08:00') }}", berlin)).isEqualTo("1642230000000");
        assertThat(text("{{ isNaN(new Date('2022-01-15  08:00')) }}", berlin)).isEqualTo("true");
        // a pooled context used under another zone next does not keep Berlin's
        assertThat(text("{{ new Date(0).getHours() }}", UTC)).isEqualTo("0");
        assertThat(text("{{ new Date(0).getHours() }}", berlin)).isEqualTo("1");
    }

    @Test
    void theDateConstructorStaysTheBuiltInOne() {
        assertThat(text("{{ new Date(0) instanceof Date }}", UTC)).isEqualTo("true");
        assertThat(text("{{ new Date(0).constructor === Date }}", UTC)).isEqualTo("true");
        assertThat(text("{{ Object.prototype.toString.call(new Date(0)) }}", UTC))
                .isEqualTo("[object Date]");
        assertThat(text("{{ typeof Date() }}", UTC)).isEqualTo("string");
        assertThat(text("{{ new Date(2024, 1).toISOString() }}", UTC)).isEqualTo("2024-02-01T00:00:00.000Z");
        assertThat(text("{{ new Date(2024, 1, 2, 3, 4, 5, 6).toISOString() }}", UTC))
                .isEqualTo("2024-02-02T03:04:05.006Z");
        assertThat(text("{{ Date.UTC(2024, 0, 1) === Date.parse('2024-01-01T00:00:00Z') }}", UTC))
                .isEqualTo("true");
        assertThat(text("{{ $now.toJSDate() instanceof Date }}", UTC)).isEqualTo("true");
        assertThat(text("{{ Date.length }}", UTC)).isEqualTo("7");
    }

    @Test
    void scopeZoneIsTheLocalZone() {
        var paris = at("2024-03-10T14:30:15.123Z", "Europe/Paris");
        assertThat(text("{{ $now.toISO() }}", paris)).isEqualTo("2024-03-10T15:30:15.123+01:00");
        assertThat(text("{{ $today.toISO() }}", paris)).isEqualTo("2024-03-10T00:00:00.000+01:00");
        assertThat(text("{{ $now.zoneName }}", paris)).isEqualTo("Europe/Paris");
        assertThat(text("{{ DateTime.fromISO('2024-07-01T12:00').toISO() }}", paris))
                .isEqualTo("2024-07-01T12:00:00.000+02:00");
        assertThat(text("{{ $now.toUTC().toISO() }}", paris)).isEqualTo("2024-03-10T14:30:15.123Z");
        assertThat(text("{{ $now.setZone('utc').toLocal().toISO() }}", paris))
                .isEqualTo("2024-03-10T15:30:15.123+01:00");
    }

    @Test
    void daylightSavingTransitions() {
        // Europe/Berlin springs forward at 2024-03-31 02:00 -> 03:00
        var berlin = at("2024-03-30T12:00:00Z", "Europe/Berlin");
        assertThat(text("{{ $now.plus({days: 1}).toISO() }}", berlin)).isEqualTo("2024-03-31T13:00:00.000+02:00");
        assertThat(text("{{ $now.plus({hours: 24}).toISO() }}", berlin)).isEqualTo("2024-03-31T14:00:00.000+02:00");
        assertThat(text("{{ $now.plus({days: 1}).diff($now, 'hours').hours }}", berlin))
                .isEqualTo("23");
        assertThat(text("{{ $now.plus({days: 1}).diff($now, 'days').days }}", berlin))
                .isEqualTo("1");
        assertThat(text("{{ DateTime.fromISO('2024-03-31T02:30').toISO() }}", berlin))
                .isEqualTo("2024-03-31T03:30:00.000+02:00");
        assertThat(text("{{ $now.endOf('day').plus(1).startOf('day').toISO() }}", berlin))
                .isEqualTo("2024-03-31T00:00:00.000+01:00");
        assertThat(text("{{ [$now.isInDST, $now.plus({days: 1}).isInDST].join() }}", berlin))
                .isEqualTo("false,true");
        // New York falls back at 2024-11-03 02:00 -> 01:00
        var newYork = at("2024-11-03T04:00:00Z", "America/New_York");
        assertThat(text("{{ $now.startOf('day').plus({hours: 3}).toFormat('HH:mm ZZ') }}", newYork))
                .isEqualTo("02:00 -05:00");
        assertThat(text("{{ $now.endOf('day').diff($now.startOf('day'), 'hours').hours }}", newYork))
                .startsWith("24.99");
    }
}

package io.cku.governance.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cku.governance.freeze.FreezeProperties.FreezeWindow;
import io.cku.governance.freeze.FreezeProperties.Weekly;

class FreezeCalendarTest {

    private static final Instant RELEASE_START = Instant.parse("2025-12-20T00:00:00Z");
    private static final Instant RELEASE_END = Instant.parse("2025-12-27T00:00:00Z");

    /** 2025-06-06 is a Friday. */
    private final FreezeCalendar weekendNights = calendar("acme",
            weekly("weekend-nights", List.of(), FreezeAction.PAUSE, "16:00", "08:00", "FRIDAY", "SATURDAY", "SUNDAY"));

    @Test
    void freezesAFixedIntervalFromItsStartInclusiveToItsEndExclusive() {
        FreezeCalendar calendar = calendar("acme", fixed("year-end", List.of(), FreezeAction.PAUSE));

        assertThat(calendar.activeAt(RELEASE_START.minusNanos(1), "acme", "prod")).isEmpty();
        assertThat(calendar.activeAt(RELEASE_START, "acme", "prod"))
                .contains(new ActiveFreeze("year-end", FreezeAction.PAUSE, RELEASE_END));
        assertThat(calendar.activeAt(RELEASE_END.minusNanos(1), "acme", "prod")).map(ActiveFreeze::endsAt).contains(RELEASE_END);
        assertThat(calendar.activeAt(RELEASE_END, "acme", "prod")).isEmpty();
    }

    @Test
    void startsAnOvernightOccurrenceAtFromOnEachListedDay() {
        assertThat(weekendNights.activeAt(at("2025-06-06T15:59:59.999Z"), "acme", "prod")).isEmpty();
        assertThat(endsAt(weekendNights, "2025-06-06T16:00:00Z")).isEqualTo(at("2025-06-07T08:00:00Z"));
        assertThat(endsAt(weekendNights, "2025-06-07T16:00:00Z")).isEqualTo(at("2025-06-08T08:00:00Z"));
        assertThat(endsAt(weekendNights, "2025-06-08T23:59:59Z")).isEqualTo(at("2025-06-09T08:00:00Z"));
    }

    @Test
    void endsAnOvernightOccurrenceThatStartedYesterdayAtToExclusive() {
        assertThat(endsAt(weekendNights, "2025-06-07T00:00:00Z")).isEqualTo(at("2025-06-07T08:00:00Z"));
        assertThat(endsAt(weekendNights, "2025-06-09T07:59:59.999Z")).isEqualTo(at("2025-06-09T08:00:00Z"));
        assertThat(weekendNights.activeAt(at("2025-06-09T08:00:00Z"), "acme", "prod")).isEmpty();
    }

    @Test
    void leavesTheDaytimeBetweenOvernightOccurrencesOpen() {
        assertThat(weekendNights.activeAt(at("2025-06-07T08:00:00Z"), "acme", "prod")).isEmpty();
        assertThat(weekendNights.activeAt(at("2025-06-08T12:00:00Z"), "acme", "prod")).isEmpty();
    }

    @Test
    void startsNoOccurrenceOnADayNotListed() {
        assertThat(weekendNights.activeAt(at("2025-06-05T17:00:00Z"), "acme", "prod")).as("Thursday evening").isEmpty();
        assertThat(weekendNights.activeAt(at("2025-06-06T03:00:00Z"), "acme", "prod")).as("Friday early morning").isEmpty();
        assertThat(weekendNights.activeAt(at("2025-06-09T17:00:00Z"), "acme", "prod")).as("Monday evening").isEmpty();
    }

    @Test
    void coversFridayAfternoonToMondayMorningWithTwentyFourHourOccurrencesAndAnOvernightOne() {
        FreezeCalendar calendar = calendar("acme",
                weekly("weekend", List.of(), FreezeAction.PAUSE, "16:00", "16:00", "FRIDAY", "SATURDAY"),
                weekly("sunday-night", List.of(), FreezeAction.PAUSE, "16:00", "08:00", "SUNDAY"));

        assertThat(calendar.activeAt(at("2025-06-06T15:59:00Z"), "acme", "prod")).isEmpty();
        assertThat(endsAt(calendar, "2025-06-06T16:00:00Z")).isEqualTo(at("2025-06-07T16:00:00Z"));
        assertThat(endsAt(calendar, "2025-06-07T12:00:00Z")).isEqualTo(at("2025-06-07T16:00:00Z"));
        assertThat(endsAt(calendar, "2025-06-08T12:00:00Z")).isEqualTo(at("2025-06-08T16:00:00Z"));
        assertThat(endsAt(calendar, "2025-06-08T16:00:00Z")).isEqualTo(at("2025-06-09T08:00:00Z"));
        assertThat(calendar.activeAt(at("2025-06-09T08:00:00Z"), "acme", "prod")).isEmpty();
    }

    @Test
    void freezesASameDayWindowFromFromToTo() {
        FreezeCalendar calendar = calendar("acme",
                weekly("monday-standup", List.of(), FreezeAction.PAUSE, "09:00", "17:00", "MONDAY"));

        assertThat(calendar.activeAt(at("2025-06-09T08:59:59Z"), "acme", "prod")).isEmpty();
        assertThat(endsAt(calendar, "2025-06-09T09:00:00Z")).isEqualTo(at("2025-06-09T17:00:00Z"));
        assertThat(calendar.activeAt(at("2025-06-09T17:00:00Z"), "acme", "prod")).isEmpty();
        assertThat(calendar.activeAt(at("2025-06-10T10:00:00Z"), "acme", "prod")).isEmpty();
    }

    @Test
    void leavesStagingOpenDuringAProdOnlyFreeze() {
        FreezeCalendar calendar = calendar("acme", fixed("year-end", List.of("prod"), FreezeAction.REJECT));

        assertThat(calendar.activeAt(RELEASE_START, "acme", "staging")).isEmpty();
        assertThat(calendar.activeAt(RELEASE_START, "acme", "prod")).isPresent();
        assertThat(calendar.activeAt(RELEASE_START, "acme", "PROD")).as("environment case ignored").isPresent();
    }

    @Test
    void freezesEveryEnvironmentWhenNoneAreListed() {
        FreezeCalendar calendar = calendar("acme", fixed("year-end", List.of(), FreezeAction.PAUSE));

        assertThat(calendar.activeAt(RELEASE_START, "acme", "dev")).isPresent();
        assertThat(calendar.activeAt(RELEASE_START, "acme", "staging")).isPresent();
    }

    @Test
    void appliesTheStarTenantsWindowsToEveryTenant() {
        FreezeCalendar calendar = calendar(FreezeProperties.EVERY_TENANT, fixed("year-end", List.of(), FreezeAction.PAUSE));

        assertThat(calendar.activeAt(RELEASE_START, "acme", "prod")).isPresent();
        assertThat(calendar.activeAt(RELEASE_START, "globex", "prod")).isPresent();
    }

    @Test
    void keepsATenantsWindowsToThatTenant() {
        FreezeCalendar calendar = calendar("acme", fixed("year-end", List.of(), FreezeAction.PAUSE));

        assertThat(calendar.activeAt(RELEASE_START, "globex", "prod")).isEmpty();
    }

    @Test
    void rejectsWhenARejectingAndAPausingFreezeAreBothActive() {
        Instant now = at("2025-12-26T20:00:00Z");
        FreezeCalendar calendar = new FreezeCalendar(new FreezeProperties(Map.of(
                "acme", List.of(weekly("friday-nights", List.of(), FreezeAction.REJECT, "16:00", "08:00", "FRIDAY")),
                "*", List.of(fixed("year-end", List.of(), FreezeAction.PAUSE)))));

        assertThat(calendar.activeAt(now, "acme", "prod"))
                .contains(new ActiveFreeze("friday-nights", FreezeAction.REJECT, at("2025-12-27T08:00:00Z")));
        assertThat(calendar.activeAt(now, "globex", "prod"))
                .contains(new ActiveFreeze("year-end", FreezeAction.PAUSE, RELEASE_END));
    }

    @Test
    void reportsTheFreezeEndingLastAmongEquallySevereOnes() {
        FreezeCalendar calendar = calendar("acme",
                weekly("friday-evenings", List.of(), FreezeAction.PAUSE, "16:00", "22:00", "FRIDAY"),
                fixed("year-end", List.of(), FreezeAction.PAUSE));

        assertThat(calendar.activeAt(at("2025-12-26T20:00:00Z"), "acme", "prod")).map(ActiveFreeze::name).contains("year-end");
    }

    @Test
    void findsNoFreezeWhenNoneAreConfigured() {
        FreezeCalendar calendar = new FreezeCalendar(new FreezeProperties(null));

        assertThat(calendar.activeAt(RELEASE_START, "acme", "prod")).isEmpty();
    }

    private static Instant endsAt(FreezeCalendar calendar, String now) {
        return calendar.activeAt(at(now), "acme", "prod").orElseThrow().endsAt();
    }

    private static FreezeCalendar calendar(String tenant, FreezeWindow... windows) {
        return new FreezeCalendar(new FreezeProperties(Map.of(tenant, List.of(windows))));
    }

    private static FreezeWindow fixed(String name, List<String> environments, FreezeAction action) {
        return new FreezeWindow(name, environments, RELEASE_START, RELEASE_END, null, action);
    }

    private static FreezeWindow weekly(String name, List<String> environments, FreezeAction action, String from,
            String to, String... days) {
        return new FreezeWindow(name, environments, null, null, new Weekly(List.of(days), from, to), action);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}

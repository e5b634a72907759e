package io.cku.governance.freeze;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.cku.governance.freeze.FreezeProperties.FreezeWindow;

/**
 * Answers whether a tenant's environment is frozen at an instant. The windows are compiled once, so a question costs
 * a map look-up and a scan of that tenant's windows, allocating only the answer.
 */
public final class FreezeCalendar {

    private static final Window[] NONE = {};

    private final Map<String, Window[]> byTenant = new HashMap<>();
    private final Window[] everyTenant;

    public FreezeCalendar(FreezeProperties properties) {
        properties.tenants().forEach((tenant, windows) -> byTenant.put(tenant, compiled(windows)));
        everyTenant = Objects.requireNonNullElse(byTenant.remove(FreezeProperties.EVERY_TENANT), NONE);
    }

    /**
     * The freeze in force for {@code tenant}'s {@code environment} at {@code now}, if any: of several, the most
     * severe (REJECT over PAUSE), then the one ending last.
     */
    public Optional<ActiveFreeze> activeAt(Instant now, String tenant, String environment) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(environment, "environment");

        Match best = mostSevere(byTenant.getOrDefault(tenant, NONE), now, environment, null);
        best = mostSevere(everyTenant, now, environment, best);
        return best == null
                ? Optional.empty()
                : Optional.of(new ActiveFreeze(best.window().name(), best.window().action(), best.endsAt()));
    }

    private static Match mostSevere(Window[] windows, Instant now, String environment, Match best) {
        for (Window window : windows) {
            if (!window.covers(environment)) {
                continue;
            }
            Instant endsAt = window.schedule().activeUntil(now);
            if (endsAt != null && (best == null || window.outranks(endsAt, best))) {
                best = new Match(window, endsAt);
            }
        }
        return best;
    }

    private static Window[] compiled(List<FreezeWindow> windows) {
        return windows.stream().map(FreezeCalendar::compiled).toArray(Window[]::new);
    }

    private static Window compiled(FreezeWindow window) {
        Schedule schedule = window.isFixed()
                ? new FixedInterval(window.start(), window.end())
                : WeeklyRecurrence.of(window.weekly());
        return new Window(window.name(), window.onFreeze(), window.environments().toArray(String[]::new), schedule);
    }

    private record Match(Window window, Instant endsAt) {
    }

    private record Window(String name, FreezeAction action, String[] environments, Schedule schedule) {

        boolean covers(String environment) {
            if (environments.length == 0) {
                return true;
            }
            for (String frozen : environments) {
                if (frozen.equalsIgnoreCase(environment)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether this window, ending at {@code endsAt}, says more than {@code other}: more severe, or lasts longer. */
        boolean outranks(Instant endsAt, Match other) {
            int severity = action.compareTo(other.window().action());
            return severity > 0 || severity == 0 && endsAt.isAfter(other.endsAt());
        }
    }

    /** When a freeze is in force. */
    private interface Schedule {

        /** The end of the occurrence in force at {@code now}, or null when none is. */
        Instant activeUntil(Instant now);
    }

    private record FixedInterval(Instant start, Instant end) implements Schedule {

        @Override
        public Instant activeUntil(Instant now) {
            return !now.isBefore(start) && now.isBefore(end) ? end : null;
        }
    }

    /** Works on epoch seconds rather than date-time objects: this runs on every gate evaluation. */
    private record WeeklyRecurrence(int dayMask, int from, int to) implements Schedule {

        private static final int SECONDS_PER_DAY = 86_400;
        /** 1970-01-01, epoch day 0, was a Thursday. */
        private static final int EPOCH_DAY_OF_WEEK = DayOfWeek.THURSDAY.ordinal();

        static WeeklyRecurrence of(FreezeProperties.Weekly weekly) {
            int mask = 0;
            for (DayOfWeek day : weekly.daysOfWeek()) {
                mask |= 1 << day.ordinal();
            }
            return new WeeklyRecurrence(mask, weekly.fromTime().toSecondOfDay(), weekly.toTime().toSecondOfDay());
        }

        @Override
        public Instant activeUntil(Instant now) {
            long day = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY);
            long midnight = day * SECONDS_PER_DAY;
            long second = now.getEpochSecond() - midnight;

            if (startsOn(day) && second >= from && (crossesMidnight() || second < to)) {
                return Instant.ofEpochSecond(midnight + (crossesMidnight() ? SECONDS_PER_DAY + to : to));
            }
            if (crossesMidnight() && startsOn(day - 1) && second < to) {
                return Instant.ofEpochSecond(midnight + to);
            }
            return null;
        }

        /** An occurrence ending at or before its start time of day ends the next day; equal times make 24 hours. */
        private boolean crossesMidnight() {
            return to <= from;
        }

        private boolean startsOn(long day) {
            return (dayMask & 1 << (int) Math.floorMod(day + EPOCH_DAY_OF_WEEK, 7)) != 0;
        }
    }
}

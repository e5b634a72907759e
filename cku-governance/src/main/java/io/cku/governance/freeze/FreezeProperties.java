package io.cku.governance.freeze;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Freeze windows per tenant ({@code cku.governance.freezes.tenants.<tenant>[i].*}); the tenant {@code "*"} (bound
 * from the key {@code "[*]"}) applies to every tenant. A bad window fails the start with a message naming it.
 *
 * @param tenants the freeze windows of each tenant, in the order configured
 */
@ConfigurationProperties("cku.governance.freezes")
public record FreezeProperties(Map<String, List<FreezeWindow>> tenants) {

    /** The tenant key whose windows apply to every tenant. */
    public static final String EVERY_TENANT = "*";

    private static final String PREFIX = "cku.governance.freezes.tenants";

    public FreezeProperties {
        Map<String, List<FreezeWindow>> checked = new LinkedHashMap<>();
        if (tenants != null) {
            tenants.forEach((tenant, windows) -> checked.put(tenant, checked(tenant, windows)));
        }
        tenants = Map.copyOf(checked);
    }

    private static List<FreezeWindow> checked(String tenant, List<FreezeWindow> windows) {
        if (windows == null) {
            return List.of();
        }
        String tenantPath = tenant.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')
                ? PREFIX + "." + tenant
                : PREFIX + "[" + tenant + "]";
        for (int i = 0; i < windows.size(); i++) {
            String path = tenantPath + "[" + i + "]";
            if (windows.get(i) == null) {
                throw new IllegalArgumentException(path + " must be a freeze window, was empty");
            }
            windows.get(i).check(path);
        }
        return List.copyOf(windows);
    }

    /**
     * One freeze: either a fixed interval ({@code start}, {@code end}) or a weekly recurring one ({@code weekly}).
     *
     * @param name         names the freeze in decisions and the audit trail; required
     * @param environments the environments it freezes, such as {@code prod}, matched ignoring case; empty: all
     * @param start        first instant of a fixed freeze (inclusive), ISO-8601 in UTC
     * @param end          end of a fixed freeze (exclusive), after {@code start}
     * @param weekly       the weekly schedule of a recurring freeze
     * @param onFreeze     what the gate does during the freeze; PAUSE when not set
     */
    public record FreezeWindow(String name, List<String> environments, Instant start, Instant end, Weekly weekly,
            FreezeAction onFreeze) {

        public FreezeWindow {
            environments = environments == null ? List.of() : List.copyOf(environments);
            onFreeze = onFreeze == null ? FreezeAction.PAUSE : onFreeze;
        }

        boolean isFixed() {
            return start != null || end != null;
        }

        private void check(String path) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(path + ".name is required");
            }
            for (int i = 0; i < environments.size(); i++) {
                if (environments.get(i).isBlank()) {
                    throw new IllegalArgumentException(path + ".environments[" + i + "] must not be blank");
                }
            }
            if (isFixed() == (weekly != null)) {
                throw new IllegalArgumentException(path + " must set either start and end (a fixed interval) or weekly"
                        + " (a recurring one), " + (isFixed() ? "not both" : "was neither"));
            }
            if (isFixed()) {
                checkInterval(path);
            } else {
                weekly.check(path + ".weekly");
            }
        }

        private void checkInterval(String path) {
            if (start == null || end == null) {
                throw new IllegalArgumentException(path + (start == null ? ".start" : ".end")
                        + " is required for a fixed interval");
            }
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException(path + ".end must be after start; start " + start + ", end " + end);
            }
        }
    }

    /**
     * A weekly recurring freeze, in UTC. Each listed day starts one occurrence at {@code from}, lasting until
     * {@code to} the same day, or the next day when {@code to} is earlier than {@code from} (it crosses midnight);
     * {@code to} equal to {@code from} makes the occurrence 24 hours long. A Friday 16:00 to Monday 08:00 freeze is
     * therefore {@code FRIDAY,SATURDAY 16:00-16:00} plus {@code SUNDAY 16:00-08:00}; {@code FRIDAY,SATURDAY,SUNDAY
     * 16:00-08:00} freezes three nights only.
     *
     * @param days the days of the week an occurrence starts on, such as {@code FRIDAY} (case ignored)
     * @param from when each occurrence starts (inclusive), {@code HH:mm}
     * @param to   when each occurrence ends (exclusive), {@code HH:mm}
     */
    public record Weekly(List<String> days, String from, String to) {

        private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm")
                .withResolverStyle(ResolverStyle.STRICT);

        public Weekly {
            days = days == null ? List.of() : List.copyOf(days);
        }

        /** The listed days. */
        List<DayOfWeek> daysOfWeek() {
            return days.stream().map(Weekly::dayOfWeek).toList();
        }

        LocalTime fromTime() {
            return LocalTime.parse(from, HH_MM);
        }

        LocalTime toTime() {
            return LocalTime.parse(to, HH_MM);
        }

        private void check(String path) {
            if (days.isEmpty()) {
                throw new IllegalArgumentException(path + ".days must list at least one day of the week");
            }
            for (int i = 0; i < days.size(); i++) {
                checkDay(path + ".days[" + i + "]", days.get(i));
            }
            checkTime(path + ".from", from);
            checkTime(path + ".to", to);
        }

        private static void checkDay(String path, String day) {
            try {
                dayOfWeek(day);
            } catch (IllegalArgumentException | NullPointerException notADay) {
                throw new IllegalArgumentException(path + " must be a day of the week such as FRIDAY, was \"" + day + "\"");
            }
        }

        private static void checkTime(String path, String time) {
            if (time == null) {
                throw new IllegalArgumentException(path + " is required, as HH:mm in UTC");
            }
            try {
                LocalTime.parse(time, HH_MM);
            } catch (DateTimeParseException notATime) {
                throw new IllegalArgumentException(path + " must be a time as HH:mm in UTC, was \"" + time + "\"");
            }
        }

        private static DayOfWeek dayOfWeek(String day) {
            return DayOfWeek.valueOf(day.trim().toUpperCase(Locale.ROOT));
        }
    }
}

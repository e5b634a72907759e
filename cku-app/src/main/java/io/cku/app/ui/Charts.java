package io.cku.app.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cku.orchestrator.RunManagement.HourlyOutcomes;
import io.cku.orchestrator.RunStatus;
import io.cku.shared.api.ReliabilityView;

/**
 * The pages' small charts, drawn on the server as SVG shapes: they need no script, keep to the Content-Security-Policy, and
 * show with JavaScript off. Each chart is the numbers already shown in a table nearby, so nothing is only in a picture.
 */
final class Charts {

    /** The final statuses in the order they are stacked, bottom first. */
    static final List<RunStatus> OUTCOMES = List.of(RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED, RunStatus.ROLLED_BACK,
            RunStatus.REJECTED, RunStatus.CANCELLED);

    static final int WIDTH = 600;
    static final int HEIGHT = 160;
    private static final int TOP = 10;
    private static final int BOTTOM = 20;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Charts() {
    }

    /** The runs that ended in each of the {@code hours} hours up to {@code now}, as stacked bars, one per hour, oldest left. */
    static OutcomeChart outcomes(List<HourlyOutcomes> counted, Instant now, int hours) {
        Instant last = now.truncatedTo(ChronoUnit.HOURS);
        Instant first = last.minus(Duration.ofHours(hours - 1L));
        Map<Instant, HourlyOutcomes> byHour = counted.stream().collect(Collectors.toMap(HourlyOutcomes::hour, Function.identity()));
        long most = Math.max(1, counted.stream().mapToLong(HourlyOutcomes::total).max().orElse(0));
        double slot = (double) WIDTH / hours;
        double plot = HEIGHT - TOP - BOTTOM;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            Instant hour = first.plus(Duration.ofHours(i));
            HourlyOutcomes ended = byHour.get(hour);
            List<Segment> segments = new ArrayList<>();
            double base = HEIGHT - BOTTOM;
            for (RunStatus status : OUTCOMES) {
                long runs = ended == null ? 0 : ended.ended().getOrDefault(status, 0L);
                if (runs > 0) {
                    double height = Math.max(1, plot * runs / most);
                    base -= height;
                    segments.add(new Segment(status.name(), round(base), round(height), runs));
                }
            }
            String label = HOUR.format(hour);
            bars.add(new Bar(round(i * slot + 1), round(slot - 2), label, i % 6 == 0, ended == null ? 0 : ended.total(), segments));
        }
        long total = counted.stream().filter(h -> !h.hour().isBefore(first)).mapToLong(HourlyOutcomes::total).sum();
        return new OutcomeChart(WIDTH, HEIGHT, HEIGHT - BOTTOM + 14, most, total, bars,
                OUTCOMES.stream().map(Enum::name).toList());
    }

    /** Each key's score as a bar, with its 95% lower bound marked: the longer and the closer the two, the better known. */
    static ReliabilityChart reliability(List<ReliabilityView> keys) {
        int row = 22;
        int labelWidth = 220;
        int scale = WIDTH - labelWidth - 50;
        List<ReliabilityBar> bars = new ArrayList<>();
        List<ReliabilityView> shown = keys.stream().limit(20).toList();
        for (int i = 0; i < shown.size(); i++) {
            ReliabilityView key = shown.get(i);
            String name = key.skill() + " " + key.target() + " (" + key.mode() + ")";
            bars.add(new ReliabilityBar(i * row + 4, name.length() > 36 ? name.substring(0, 35) + "…" : name, labelWidth,
                    round(scale * key.lowerBound()), round(scale * key.score()), labelWidth + round(scale * key.score()) + 6,
                    String.format("%.2f", key.score()), String.format("%.2f", key.lowerBound()), key.observations()));
        }
        return new ReliabilityChart(WIDTH, Math.max(row, shown.size() * row + 8), bars, keys.size() - shown.size());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    record OutcomeChart(int width, int height, int labelY, long most, long total, List<Bar> bars, List<String> legend) {
    }

    record Bar(double x, double width, String hour, boolean labelled, long runs, List<Segment> segments) {
    }

    record Segment(String status, double y, double height, long runs) {
    }

    record ReliabilityChart(int width, int height, List<ReliabilityBar> bars, int more) {
    }

    record ReliabilityBar(int y, String name, int x, double lowerWidth, double scoreWidth, double valueX, String score, String lowerBound,
            long observations) {
    }
}

package io.cku.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The live view's frames: drawn in place, cut to the width, coloured only without NO_COLOR, with what to type at a pause. */
class LiveViewTest {

    private static final JsonNode RUN = json("""
            {"id":"7d51a0c4-0000-4000-8000-000000000000","intent":"deploy payments","mode":"prod","status":"PENDING",
             "gates":[],"steps":[{"name":"build","status":"PENDING"},{"name":"deploy","status":"PENDING"}]}""");

    @Test
    void redrawsTheBlockInPlaceWithTheGatesAProgressBarAndTheCommandThatApprovesAPause() {
        StringWriter out = new StringWriter();
        LiveView view = new LiveView(terminal(out, Map.of("COLUMNS", "100")), RUN);

        view.started(RUN);
        view.event(event("gate.passed", "{\"gate\":\"SECURITY\",\"decision\":\"PASS\",\"reason\":\"ok\"}"));
        view.event(event("gate.paused", "{\"gate\":\"PLAN_APPROVAL\",\"decision\":\"PAUSE\",\"reason\":\"prod needs 1 approval\"}"));
        int beforeSteps = out.toString().length();
        view.event(event("step.succeeded", "{\"name\":\"build\",\"skill\":\"noop\",\"status\":\"SUCCEEDED\",\"attempts\":1}"));
        view.event(event("step.started", "{\"name\":\"deploy\",\"skill\":\"noop\",\"status\":\"RUNNING\",\"attempts\":2}"));
        view.interrupted();

        String frames = out.toString();
        assertThat(frames).contains("\u001b[3F\u001b[J", "\u001b[32m✓", "\u001b[33m⏸", "PLAN_APPROVAL paused",
                "cku approvals approve 7d51a0c4-0000-4000-8000-000000000000 PLAN_APPROVAL --reason \"…\"");
        assertThat(frames.substring(beforeSteps)).contains("] 1/2", "deploy · attempt 2 · ");
        assertThat(frames.lines().map(LiveViewTest::visible)).allMatch(line -> line.length() < 100);
    }

    @Test
    void drawsNoColourWithNoColorAndCutsLinesToANarrowTerminal() {
        StringWriter out = new StringWriter();
        LiveView view = new LiveView(terminal(out, Map.of("NO_COLOR", "1", "COLUMNS", "40")), RUN);

        view.started(RUN);
        view.event(event("gate.paused", "{\"gate\":\"PLAN_APPROVAL\",\"decision\":\"PAUSE\",\"reason\":\"prod needs 1 approval\"}"));
        view.ended(json("{\"status\":\"CANCELLED\",\"outcome\":\"cancelled on request\",\"steps\":[]}"), false);

        String frames = out.toString();
        assertThat(frames).doesNotContain("\u001b[31m", "\u001b[32m", "\u001b[33m", "\u001b[1m").contains("\u001b[J",
                "CANCELLED: cancelled on request");
        assertThat(frames.lines().map(LiveViewTest::visible)).allMatch(line -> line.length() <= 39);
    }

    private static Environment terminal(StringWriter out, Map<String, String> variables) {
        return new Environment(variables, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                null, true, Clock.systemUTC());
    }

    private static JsonNode event(String type, String data) {
        return json("{\"id\":1,\"type\":\"" + type + "\",\"at\":\"2026-12-07T18:00:00Z\",\"data\":" + data + "}");
    }

    private static JsonNode json(String text) {
        return Api.JSON.readTree(text);
    }

    /** A line as the terminal shows it: without escape sequences. */
    private static String visible(String line) {
        return line.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
    }
}

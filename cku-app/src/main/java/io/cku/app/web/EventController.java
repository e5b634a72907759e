package io.cku.app.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.app.events.EventStreams;
import io.cku.auth.Caller;
import io.cku.orchestrator.Run;
import io.cku.realtime.EventHub;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Role;
import io.cku.shared.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Events", description = """
        Follow state changes live as Server-Sent Events. Types: `run.submitted`, `run.status-changed`, `run.finished`; \
        `gate.passed`, `gate.paused`, `gate.rejected`; `approval.given`, `approval.rejected`, `approval.expired`, \
        `approval.escalated`; `step.started`, `step.attempted`, `step.succeeded`, `step.failed`, `step.skipped`, \
        `step.cancelled`, `step.reset`, `step.compensating`, `step.compensated`, `step.compensation-failed`, \
        `step.compensation-skipped`; `healing.<action>`; `decision.needed`, `decision.taken`; `policy.published`, \
        `policy.activated` (the version, with its `source`: `person` or `learned`); `learning.outcome-recorded` (on the \
        run's stream), `learning.pattern-detected`, `learning.pattern-resolved`; `audit.checkpoint-signed`. `data` is the \
        object the change is about (the run's summary, a gate decision, an approval, a step, a healing action, a policy \
        version, a learned pattern, a signed checkpoint) as the API shows it, as it was right after the change; \
        docs/events.md lists each type's data.""")
class EventController {

    private static final String RESUME = """
            Resuming: send the `id` of the last event you have as `Last-Event-ID` (or `?after=`): the stream replays every stored \
            event after it, then goes live, with no gap and no duplicate. Frames: `retry:` once, then `id:` (the audit chain's \
            seq), `event:` (the type) and `data:` (the event as JSON: `{id, type, tenant, runId?, at, data}`); a `: heartbeat` \
            comment every 15 s. A client that falls too far behind gets a last `overflow` event whose id is the last one \
            delivered, and the stream ends: reconnect from it. An id the stream cannot resume from gets one `reset` event.""";

    private final RunManagement runs;
    private final EventStreams streams;

    EventController(RunManagement runs, EventStreams streams) {
        this.runs = runs;
        this.streams = streams;
    }

    @Operation(summary = "Follow one run's events", description = """
            The run's stored history first, then its live events, ending with `run.finished`, after which the server closes \
            the stream. """ + RESUME)
    @ApiResponse(responseCode = "200", description = "An event stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string", example = "id: 42\nevent: run.submitted\ndata: {\"id\":42,\"type\":\"run.submitted\",…}\n")))
    @ApiResponse(responseCode = "429", description = "Too many open streams, for you or on this instance (`too-many-streams`)")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping(path = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void runEvents(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @Parameter(description = "The id of the last event received") @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(description = "Same as `Last-Event-ID`, for clients that cannot set headers") @RequestParam Optional<String> after,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        Run run = runs.get(caller.tenant(), RunId.parse(id));
        streams.run(run, principal(caller), cursor(lastEventId, after), request, response);
    }

    @Operation(summary = "Follow the tenant's events", description = """
            Every event of your tenant from now on (or after the given id), optionally only some types or one run; the stream \
            stays open. """ + RESUME)
    @ApiResponse(responseCode = "200", description = "An event stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429", description = "Too many open streams, for you or on this instance (`too-many-streams`)")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@AuthenticationPrincipal Caller caller,
            @Parameter(description = "Type prefixes, comma-separated, such as `run.,gate.`; all types when absent", example = "run.,gate.")
            @RequestParam Optional<String> types,
            @Parameter(description = "Only this run's events") @RequestParam Optional<String> runId,
            @Parameter(description = "Another tenant's stream: administrators of tenant `default` only") @RequestParam Optional<String> tenant,
            @Parameter(description = "The id of the last event received") @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(description = "Same as `Last-Event-ID`, for clients that cannot set headers") @RequestParam Optional<String> after,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId whose = tenant.map(TenantParameter::parse).orElse(caller.tenant());
        if (!whose.equals(caller.tenant()) && !(caller.tenant().equals(TenantId.DEFAULT) && caller.roles().contains(Role.ADMIN))) {
            throw new PermissionDenied("only administrators of tenant 'default' may follow another tenant's events");
        }
        String run = runId.map(EventController::runFilter).orElse(null);
        long from = cursor(lastEventId, after);
        if (lastEventId == null && after.isEmpty()) {
            from = EventHub.FROM_NOW;
        }
        streams.tenant(whose, principal(caller), prefixes(types), run, from, request, response);
    }

    private static String runFilter(String value) {
        try {
            return java.util.UUID.fromString(value.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of("runId", "must be a run id (a UUID)");
        }
    }

    private static String principal(Caller caller) {
        return caller.tenant() + "/" + caller.actor().qualifiedName();
    }

    /** Last-Event-ID wins over ?after=; none: 0, everything stored (for a run's stream). */
    private static long cursor(String lastEventId, Optional<String> after) {
        String value = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : after.orElse(null);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw InvalidRequest.of(lastEventId != null ? "Last-Event-ID" : "after", "must be an event id: a whole number, 0 or more");
        }
    }

    private static List<String> prefixes(Optional<String> types) {
        List<String> prefixes = types.map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        for (String prefix : prefixes) {
            if (prefix.length() > 64 || !prefix.matches("[a-z.-]+")) {
                throw InvalidRequest.of("types", "type prefixes are lower-case letters, '.' and '-', such as run.,gate.");
            }
        }
        return prefixes;
    }
}

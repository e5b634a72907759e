package io.cku.shared.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One page of a run listing; {@code nextCursor} is null on the last page. */
@Schema(description = "One page of a run listing, newest first.")
public record RunPage(
        List<RunSummary> items,
        @Schema(description = "Pass as `cursor` for the next page; null on the last page", nullable = true) String nextCursor) {
}

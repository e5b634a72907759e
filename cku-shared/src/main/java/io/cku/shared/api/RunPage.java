package io.cku.shared.api;

import java.util.List;

/** One page of a run listing; {@code nextCursor} is null on the last page. */
public record RunPage(List<RunSummary> items, String nextCursor) {
}

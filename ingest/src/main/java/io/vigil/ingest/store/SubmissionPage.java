package io.vigil.ingest.store;

import java.util.List;
import java.util.UUID;

/**
 * One page of submissions, newest first.
 *
 * @param next the cursor of the next (older) page: pass it as {@code before}; null on the last page
 */
public record SubmissionPage(List<SubmissionSummary> rows, UUID next) {}

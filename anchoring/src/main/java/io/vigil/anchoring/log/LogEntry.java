package io.vigil.anchoring.log;

import io.vigil.anchoring.leaf.LogLeaf;
import java.util.UUID;

/** A leaf to append for a stored submission. */
public record LogEntry(UUID submissionId, LogLeaf leaf) {}

package dev.runnermetrics.exporter.github.dora;

import java.time.Instant;

/** A successful deployment whose commit time was not known yet; {@code series} its (repository, environment). */
public record PendingLeadTime(String series, Instant deployedAt) {
}

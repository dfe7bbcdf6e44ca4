package io.vigil.ingest.canonical;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Picks among a patient's repeated names or addresses, which senders do not order by what they are:
 * the first usable candidate of the lowest rank (ranked by its type or use; {@link
 * Integer#MAX_VALUE}: never taken). The HL7 v2 and FHIR mappers rank their own type codes.
 */
public final class Preferred {
  private Preferred() {}

  /** The first of the lowest-ranked candidates that {@code usable} accepts. */
  public static <T> Optional<T> first(
      Iterable<T> candidates, ToIntFunction<T> rank, Predicate<T> usable) {
    Optional<T> best = Optional.empty();
    int bestRank = Integer.MAX_VALUE;
    for (T candidate : candidates) {
      int r = rank.applyAsInt(candidate);
      if (r < bestRank && usable.test(candidate)) {
        best = Optional.of(candidate);
        bestRank = r;
      }
    }
    return best;
  }
}

package io.vigil.ingest.trends;

import java.time.LocalDate;

/**
 * One aggregate row as stored (summed over ZIP3), before suppression.
 *
 * @param period day, or the Sunday starting an MMWR week
 * @param county lattice county key (see {@link Jurisdictions})
 * @param ageBand age band, {@code unknown} when absent
 * @param sex F, M, O or U ({@code U} when absent); {@link CountLattice#ALL} when not a dimension
 * @param measures the counts, in the order of the table's measure names
 */
record CellRow(LocalDate period, String county, String ageBand, String sex, long[] measures) {}

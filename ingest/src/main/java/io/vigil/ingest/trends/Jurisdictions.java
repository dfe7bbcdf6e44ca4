package io.vigil.ingest.trends;

/**
 * The jurisdiction keys of the suppression lattice: every count sits in a county, with the
 * county-unknown part of a state keyed {@code SS000} and an unknown state {@code 00000}, and
 * counties roll up into states (keyed by the two-digit state FIPS).
 */
final class Jurisdictions {
  static final String UNKNOWN_STATE = "00";

  private Jurisdictions() {}

  /** The lattice key of a table row's state and county FIPS (either may be ''). */
  static String countyKey(String stateFips, String countyFips) {
    if (countyFips != null && countyFips.length() == 5) {
      return countyFips;
    }
    return state(stateFips) + "000";
  }

  static String state(String stateFips) {
    return stateFips == null || stateFips.isEmpty() ? UNKNOWN_STATE : stateFips;
  }

  /** The state a county key rolls up into. */
  static String stateOf(String countyKey) {
    return countyKey.substring(0, 2);
  }

  /** How a county key is shown: {@code unknown} for the county-unknown part of a state. */
  static String display(String countyKey) {
    return countyKey.endsWith("000") ? "unknown" : countyKey;
  }
}

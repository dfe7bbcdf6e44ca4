package io.vigil.hub.demo;

import java.time.LocalDate;

/**
 * One synthetic report of the demo feed, before rendering.
 *
 * @param lab index of the sending lab
 * @param patient a fictional patient number (names are derived from it)
 * @param county five-digit county FIPS of the patient's residence
 * @param day the collection (or administration) day
 * @param kind what it is
 * @param positive for lab results: detected or not
 * @param malformed render it broken on purpose (the hub must refuse it)
 */
public record DemoReport(
    int lab,
    int patient,
    String county,
    LocalDate day,
    Kind kind,
    boolean positive,
    boolean malformed) {

  /** What a demo report is. */
  public enum Kind {
    COVID_PCR,
    FLU_A_PCR,
    COVID_VACCINE
  }
}

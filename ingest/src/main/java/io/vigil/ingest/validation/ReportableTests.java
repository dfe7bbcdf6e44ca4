package io.vigil.ingest.validation;

/**
 * What the reportable-condition value set counts, as far as the ELR rules ask it: the rules tell a
 * sender whose reportable order would count nothing ({@link ReportableOrders}), so they must see
 * the list the trends count by (a jurisdiction's own, where it replaces the bundled one). Codes are
 * compared as sent.
 */
public interface ReportableTests {

  /** No value set: nothing is listed, so no rule that asks for one applies. */
  ReportableTests NONE =
      new ReportableTests() {
        @Override
        public boolean namesCondition(String loinc) {
          return false;
        }

        @Override
        public boolean lists(String loinc) {
          return false;
        }

        @Override
        public boolean countsResult(String snomed) {
          return false;
        }
      };

  /** Whether results of the LOINC test count for a condition the test names (or a panel's). */
  boolean namesCondition(String loinc);

  /** Whether the LOINC test is listed at all, also as one whose organism decides (a culture). */
  boolean lists(String loinc);

  /** Whether a SNOMED CT coded result (an organism) counts for a condition whatever the test. */
  boolean countsResult(String snomed);
}

package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferenceInstantsTest {
  private static ReferenceInstants of(String text) {
    return ReferenceInstants.of(text, MshReader.read(text).orElseThrow());
  }

  private static final String MSH = "MSH|^~\\&|A|LAB|||20250310||ORU^R01|1|P|2.5.1\r";

  @Test
  void prefersSpm17AndObr22() {
    ReferenceInstants r =
        of(
            MSH
                + "OBR|1|||94500-6^X^LN|||20250309080000-0500|||||||||||||||20250310140000-0500\r"
                + "OBX|1|CWE|94500-6^X^LN||x||||||F|||20250309|||||20250310120000-0500\r"
                + "SPM|1|||119297000^Blood^SCT|||||||||||||20250309091500-0500^20250309091600-0500\r");
    assertThat(r.specimenCollected()).contains(Instant.parse("2025-03-09T14:15:00Z"));
    assertThat(r.resulted()).contains(Instant.parse("2025-03-10T19:00:00Z"));
  }

  @Test
  void fallsBackToObr7AndObx19() {
    ReferenceInstants r =
        of(
            MSH
                + "OBR|1|||94500-6^X^LN|||20250309080000+0000\r"
                + "OBX|1|CWE|94500-6^X^LN||x||||||F||||||||20250310120000+0100\r");
    assertThat(r.specimenCollected()).contains(Instant.parse("2025-03-09T08:00:00Z"));
    assertThat(r.resulted()).contains(Instant.parse("2025-03-10T11:00:00Z"));
  }

  @Test
  void missingOrUnparseableDatesAreAbsentAndLocalTimesReadAtTheEarliestOffset() {
    ReferenceInstants r = of(MSH + "OBR|1|||94500-6^X^LN|||garbage\rOBX|1|ST|x||y||||||F\r");
    assertThat(r.specimenCollected()).isEmpty();
    assertThat(r.resulted()).isEmpty();
    ReferenceInstants local = of(MSH + "OBR|1|||94500-6^X^LN|||202503090800\r");
    assertThat(local.specimenCollected()).contains(Instant.parse("2025-03-08T18:00:00Z"));
    assertThat(local.resulted()).isEqualTo(Optional.empty());
  }

  @Test
  void readsTheMessageCreationTimeFromMsh7WithItsOffset() {
    String msh = "MSH|^~\\&|A|LAB|||20250310143000-0500^S||ORU^R01|1|P|2.5.1\r";
    ReferenceInstants r = of(msh + "OBR|1|||94500-6^X^LN|||20250309080000+0000\r");
    assertThat(r.messageCreated()).contains(Instant.parse("2025-03-10T19:30:00Z"));
    // A date alone is read at +14:00, the earliest instant it can denote.
    assertThat(of(MSH).messageCreated()).contains(Instant.parse("2025-03-09T10:00:00Z"));
    String noDate = "MSH|^~\\&|A|LAB|||||ORU^R01|1|P|2.5.1\r";
    assertThat(of(noDate).messageCreated()).isEmpty();
    String garbage = "MSH|^~\\&|A|LAB|||yesterday||ORU^R01|1|P|2.5.1\r";
    assertThat(of(garbage).messageCreated()).isEmpty();
  }

  @Test
  void immunizationsCarryOnlyTheCreationTime() {
    String vxu = "MSH|^~\\&|A|CLINIC|||20250310||VXU^V04|1|P|2.5.1\rRXA|0|1|20250301\r";
    assertThat(of(vxu))
        .isEqualTo(
            new ReferenceInstants(
                Optional.empty(),
                Optional.empty(),
                Optional.of(Instant.parse("2025-03-09T10:00:00Z"))));
  }
}

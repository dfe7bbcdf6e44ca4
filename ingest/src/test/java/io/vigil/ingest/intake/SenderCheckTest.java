package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.hl7v2.MshReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SenderCheckTest {

  static Optional<MessageHeader> header(String msh4) {
    return MshReader.read(
        "MSH|^~\\&|EHR|" + msh4 + "|IIS|DOH|20250310101500||VXU^V04^VXU_V04|1|P|2.5.1\r");
  }

  @Test
  void ratesAMessageWithoutMsh4AsTheSenderItsCredentialsName() {
    Submitter a = new Submitter(7L, "clinic-a");
    Submitter b = new Submitter(8L, "clinic-b");
    // With MSH-4, its facility, whoever sends it.
    assertThat(SenderCheck.limitKey(header("Clinic^11D1110004^CLIA"), a)).isEqualTo("11D1110004");
    // Without, each authenticated sender has its own bucket, apart from any facility's.
    assertThat(SenderCheck.limitKey(header(""), a))
        .isNotEqualTo(SenderCheck.limitKey(header(""), b))
        .isNotEmpty();
    assertThat(SenderCheck.limitKey(header(""), a)).isEqualTo(SenderCheck.limitKey(header(""), a));
    // Nothing names the sender: one shared bucket, as before.
    assertThat(SenderCheck.limitKey(header(""), Submitter.UNVERIFIED)).isEmpty();
  }
}

package io.vigil.ingest.intake;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.hl7v2.MshReader;
import io.vigil.ingest.hl7v2.TestMessages;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SenderCheckTest {
  static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC));

  /** No registry lookup is made for a message without a facility id from an unverified client. */
  static final SenderCheck CHECK = new SenderCheck(new SenderRegistry(null, false), null);

  @Test
  void aMessageWithoutAFacilityIdFromAClientThatNamesNoSenderIsAnError() {
    // An ELR without MSH-4 keeps the validator's error; a VXU's warning becomes an error; an
    // MSH-4 with a type but no id ("^^CLIA") is not taken without a sender.
    for (String message :
        List.of(
            set(TestMessages.oru(), "MSH", 1, 4, ""),
            set(TestMessages.vxu(), "MSH", 1, 4, ""),
            set(TestMessages.vxu(), "MSH", 1, 4, "^^CLIA"))) {
      SenderCheck.Outcome outcome =
          CHECK.check(
              EXAMINER.examine(message.getBytes(StandardCharsets.UTF_8)),
              Submitter.UNVERIFIED,
              "mllp");
      assertThat(outcome.refused()).isNull();
      assertThat(outcome.disposition()).isEqualTo(Disposition.ERROR);
      assertThat(outcome.senderId()).isNull();
      assertThat(outcome.findings())
          .filteredOn(f -> f.code().equals("MSH4_MISSING"))
          .singleElement()
          .extracting(Finding::severity)
          .isEqualTo(Severity.E);
    }
  }

  static Optional<MessageHeader> header(String msh4) {
    return MshReader.read(
        "MSH|^~\\&|EHR|" + msh4 + "|IIS|DOH|20250310101500||VXU^V04^VXU_V04|1|P|2.5.1\r");
  }

  @Test
  void ratesAMessageAsTheSenderItsCredentialsNameWhateverItsMsh4() {
    Submitter a = new Submitter(7L, "clinic-a");
    Submitter b = new Submitter(8L, "clinic-b");
    // Authenticated: its sender's bucket, with or without MSH-4, whichever facility it names (a
    // message naming another lab must not spend that lab's tokens).
    String bucketA = SenderCheck.limitKey(header("Clinic^11D1110004^CLIA"), a);
    assertThat(bucketA)
        .isEqualTo(SenderCheck.limitKey(header(""), a))
        .isEqualTo(SenderCheck.limitKey(header("Other^11D1110005^CLIA"), a))
        .isNotEqualTo(SenderCheck.limitKey(header("Clinic^11D1110004^CLIA"), b))
        .isNotEqualTo("11D1110004");
    // A certificate mapped to no sender has a bucket of its own, apart from every sender's.
    assertThat(SenderCheck.limitKey(header("Clinic^11D1110004^CLIA"), Submitter.unmapped("CN=x")))
        .isNotEqualTo(
            SenderCheck.limitKey(header("Clinic^11D1110004^CLIA"), Submitter.unmapped("CN=y")))
        .isNotEqualTo("11D1110004");
    // Nothing names the sender (dev-mode plaintext MLLP): its facility, as sent.
    assertThat(SenderCheck.limitKey(header("Clinic^11D1110004^CLIA"), Submitter.UNVERIFIED))
        .isEqualTo("11D1110004");
    assertThat(SenderCheck.limitKey(header(""), Submitter.UNVERIFIED)).isEmpty();
  }

  @Test
  void aRejectForTheHubsOwnStateDoesNotClaimTheControlId() {
    // The hub's configuration decides these, not the message: once the operator registers the
    // sender (or the kind), the same message sent again must be examined again, not replayed.
    for (String code : List.of("SENDER_UNKNOWN", "MESSAGE_KIND_NOT_ALLOWED")) {
      assertThat(
              SenderCheck.claimsControlId(
                  List.of(Finding.error(code, 204, "MSH-4", "not registered"))))
          .as(code)
          .isFalse();
    }
    // A reject the bytes decide (MSH-12) stays final for that control id.
    assertThat(
            SenderCheck.claimsControlId(
                List.of(Finding.error("MSH12_UNSUPPORTED_VERSION", 203, "MSH-12", "2.3.1"))))
        .isTrue();
    assertThat(SenderCheck.claimsControlId(List.of())).isTrue();
  }
}

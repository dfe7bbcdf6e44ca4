package io.vigil.ingest.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.ingest.sender.SenderRegistry.Registration;
import io.vigil.ingest.sender.SenderRegistry.Sender;
import io.vigil.ingest.store.Database;
import io.vigil.ingest.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering a sender that is registered changes only what the registration gives (ops6 #3). */
class SenderRegistryIT {
  private Database db;
  private SenderRegistry senders;

  @BeforeEach
  void open() {
    db = TestPostgres.openFresh();
    senders = new SenderRegistry(db.dataSource(), false);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void registeringAgainWithAnAliasKeepsKindsAndCertificateSubject() throws Exception {
    Sender first =
        senders.register(
            "05D0000001",
            new Registration(List.of(), List.of("ORU^R01"), "CN=lab-a,O=Lab A", false));
    assertThat(first.aliases()).isEmpty();

    Sender again =
        senders.register(
            "05D0000001", new Registration(List.of("05D0000002", "05D0000001"), null, null, false));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.aliases()).containsExactly("05D0000002");
    assertThat(again.kinds()).containsExactly("ORU^R01");
    assertThat(again.certSubject()).isEqualTo("CN=lab-a,O=Lab A");
    assertThat(senders.byCertificate("CN=lab-a,O=Lab A")).contains(first.id());
    assertThat(senders.resolve("05D0000002")).contains(first.id());
    // Aliases accumulate.
    assertThat(
            senders
                .register("05D0000001", new Registration(List.of("05D0000003"), null, null, false))
                .aliases())
        .containsExactly("05D0000002", "05D0000003");
  }

  @Test
  void kindsAreReplacedWhenGivenAndTheSubjectOnlyClearedWhenAsked() throws Exception {
    senders.register(
        "05D0000001", new Registration(List.of(), List.of("ORU^R01"), "CN=lab-a", false));

    Sender replaced =
        senders.register(
            "05D0000001", new Registration(List.of(), List.of("VXU^V04"), null, false));
    assertThat(replaced.kinds()).containsExactly("VXU^V04");
    assertThat(replaced.certSubject()).isEqualTo("CN=lab-a");

    Sender any =
        senders.register("05D0000001", new Registration(List.of(), List.of(), null, false));
    assertThat(any.kinds()).isEmpty();

    Sender cleared = senders.register("05D0000001", new Registration(List.of(), null, null, true));
    assertThat(cleared.certSubject()).isNull();
    assertThat(senders.byCertificate("CN=lab-a")).isEmpty();
  }

  @Test
  void aNewSenderGivenNothingMaySendAnyKindAndHasNoCertificate() throws Exception {
    Sender s = senders.register("05D0000009", new Registration(List.of(), null, null, false));
    assertThat(s.kinds()).isEmpty();
    assertThat(s.certSubject()).isNull();
    assertThat(s.enabled()).isTrue();
    assertThat(senders.list()).containsExactly(s);
  }

  @Test
  void registeringARevokedSenderEnablesItKeepingItsSettings() throws Exception {
    senders.register(
        "05D0000001", new Registration(List.of(), List.of("ORU^R01"), "CN=lab-a", false));
    senders.disable("05D0000001");
    assertThat(senders.get("05D0000001").orElseThrow().enabled()).isFalse();

    Sender back = senders.register("05D0000001", new Registration(List.of(), null, null, false));
    assertThat(back.enabled()).isTrue();
    assertThat(back.kinds()).containsExactly("ORU^R01");
    assertThat(back.certSubject()).isEqualTo("CN=lab-a");
  }

  /**
   * One facility id names one sender: an alias of another sender moved without a word, and its
   * lab's messages counted as from the other (ops6). Refused unless the move is asked for.
   */
  @Test
  void anotherSendersFacilityIdIsNotTakenWithoutAsking() throws Exception {
    Sender a =
        senders.register("05D0000001", new Registration(List.of("05D0000011"), null, null, false));
    Sender b = senders.register("05D0000002", new Registration(List.of(), null, "CN=lab-b", false));

    assertThatThrownBy(
            () ->
                senders.register(
                    "05D0000002", new Registration(List.of("05D0000011"), null, null, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("05D0000011 is a further facility id of sender 05D0000001")
        .hasMessageContaining("--move-facility");
    assertThat(senders.resolve("05D0000011")).contains(a.id());

    assertThatThrownBy(
            () ->
                senders.register(
                    "05D0000002", new Registration(List.of("05D0000001"), null, null, false)))
        .hasMessageContaining("05D0000001 is the facility id of another sender");
    assertThatThrownBy(
            () -> senders.register("05D0000011", new Registration(List.of(), null, null, false)))
        .hasMessageContaining("05D0000011 is a further facility id of sender 05D0000001");
    assertThatThrownBy(
            () ->
                senders.register(
                    "05D0000001", new Registration(List.of(), null, "CN=lab-b", false)))
        .hasMessageContaining("certificate subject is already sender 05D0000002's");
    assertThat(senders.get("05D0000001").orElseThrow().certSubject()).isNull();
    assertThat(senders.list()).hasSize(2);

    Sender moved =
        senders.register(
            "05D0000002", new Registration(List.of("05D0000011"), null, null, false, true));
    assertThat(moved.aliases()).containsExactly("05D0000011");
    assertThat(senders.get("05D0000001").orElseThrow().aliases()).isEmpty();
    assertThat(new SenderRegistry(db.dataSource(), false).resolve("05D0000011")).contains(b.id());
  }
}

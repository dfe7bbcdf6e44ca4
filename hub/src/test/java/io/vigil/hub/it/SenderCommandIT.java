package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.cli.VigilCli;
import io.vigil.hub.db.EmbeddedDatabase;
import io.vigil.ingest.sender.SenderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil sender add} run again on a registered sender changes only what it is given: adding
 * an alias once wiped the lab's certificate subject and kinds, and its MLLP feed was refused (ops6
 * #3).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SenderCommandIT {
  @TempDir static Path dir;
  static EmbeddedDatabase pg;

  @BeforeAll
  static void startDatabase() throws Exception {
    pg = EmbeddedDatabase.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    pg.close();
  }

  /** Standard output and error of one {@code vigil} run, and its exit status. */
  private record Run(int exit, String out, String err) {}

  private static Run vigil(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] withDb = java.util.Arrays.copyOf(args, args.length + 2);
    withDb[args.length] = "--db-url";
    withDb[args.length + 1] = pg.jdbcUrl();
    return new Run(cli.execute(withDb), out.toString(), err.toString());
  }

  @Test
  void addingAnAliasKeepsTheCertificateSubjectAndKinds() throws Exception {
    assertThat(
            vigil(
                    "sender",
                    "add",
                    "05D0000001",
                    "--kinds",
                    "ORU^R01",
                    "--cert-subject",
                    "O=Lab A,CN=lab-a")
                .exit())
        .isZero();

    Run again = vigil("sender", "add", "05D0000001", "--facility", "05D0000002");

    assertThat(again.exit()).as(again.err()).isZero();
    SenderRegistry senders = AuthTestSupport.senders(pg.jdbcUrl());
    long id = senders.idOf("05D0000001").orElseThrow();
    assertThat(senders.byCertificate("O=Lab A,CN=lab-a")).contains(id);
    assertThat(senders.allowedKinds(id)).containsExactly("ORU^R01");
    assertThat(senders.idOf("05D0000002")).contains(id);
    // The operator sees the record as it now is.
    assertThat(again.out())
        .containsPattern("facility: +05D0000001")
        .containsPattern("aliases: +05D0000002")
        .containsPattern("kinds: +ORU\\^R01")
        .containsPattern("cert subject: +O=Lab A,CN=lab-a")
        .containsPattern("enabled: +true");
  }

  @Test
  void kindsAndTheSubjectChangeOnlyWhenGivenAndClearExplicitly() throws Exception {
    vigil(
        "sender", "add", "05D0000011", "--kinds", "ORU^R01", "--cert-subject", "CN=lab-b,O=Lab B");
    SenderRegistry senders = AuthTestSupport.senders(pg.jdbcUrl());
    long id = senders.idOf("05D0000011").orElseThrow();

    assertThat(vigil("sender", "add", "05D0000011", "--kinds", "VXU^V04,fhir-lab").exit()).isZero();
    assertThat(senders.allowedKinds(id)).containsExactlyInAnyOrder("VXU^V04", "fhir-lab");
    assertThat(senders.byCertificate("CN=lab-b,O=Lab B")).contains(id);

    Run any = vigil("sender", "add", "05D0000011", "--kinds", "any");
    assertThat(any.out()).containsPattern("kinds: +any");
    assertThat(senders.get("05D0000011").orElseThrow().kinds()).isEmpty();

    Run cleared = vigil("sender", "add", "05D0000011", "--clear-cert-subject");
    assertThat(cleared.out()).containsPattern("cert subject: +-");
    assertThat(senders.byCertificate("CN=lab-b,O=Lab B")).isEmpty();

    assertThat(
            vigil("sender", "add", "05D0000011", "--clear-cert-subject", "--cert-subject", "CN=x")
                .exit())
        .isEqualTo(2);
    assertThat(vigil("sender", "add", "05D0000011", "--kinds", "any,ORU^R01").exit()).isEqualTo(2);
  }

  @Test
  void anotherSendersFacilityIdMovesOnlyWhenAsked() throws Exception {
    assertThat(vigil("sender", "add", "05D0000031", "--facility", "05D0000032").exit()).isZero();
    assertThat(vigil("sender", "add", "05D0000033").exit()).isZero();

    Run refused = vigil("sender", "add", "05D0000033", "--facility", "05D0000032");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("sender add: 05D0000032 is a further facility id of sender 05D0000031")
        .contains("--move-facility")
        .contains("nothing changed");
    SenderRegistry senders = AuthTestSupport.senders(pg.jdbcUrl());
    assertThat(senders.idOf("05D0000032")).isEqualTo(senders.idOf("05D0000031"));

    Run moved = vigil("sender", "add", "05D0000033", "--facility", "05D0000032", "--move-facility");
    assertThat(moved.exit()).as(moved.err()).isZero();
    assertThat(moved.out()).containsPattern("aliases: +05D0000032");
    assertThat(senders.idOf("05D0000032")).isEqualTo(senders.idOf("05D0000033"));
  }

  @Test
  void listShowsAliasesKindsAndTheSubjectAndAddSaysItReenables() throws Exception {
    vigil(
        "sender",
        "add",
        "05D0000021",
        "--facility",
        "2.16.840.1.113883.3.999.21",
        "--kinds",
        "ORU^R01",
        "--cert-subject",
        "CN=lab-c,O=Lab C");
    assertThat(vigil("sender", "revoke", "05D0000021").exit()).isZero();

    Run list = vigil("sender", "list");
    assertThat(list.out())
        .containsPattern(
            "05D0000021 +false +by operator +ORU\\^R01 +2.16.840.1.113883.3.999.21 +CN=lab-c,O=Lab C");

    Run readd = vigil("sender", "add", "05D0000021");
    assertThat(readd.out()).contains("enabled again").containsPattern("enabled: +true");
    assertThat(readd.out()).containsPattern("cert subject: +CN=lab-c,O=Lab C");
  }
}

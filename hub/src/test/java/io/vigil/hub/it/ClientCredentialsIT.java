package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.auth.Role;
import io.vigil.ingest.sender.SenderRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole SMART Backend Services flow against a running hub: a key pair generated here, its
 * public key registered for a sender principal, a signed client assertion exchanged for an access
 * token at {@code POST /api/v1/token}, HL7 v2 submitted with it; a message naming another facility
 * is refused (403, AR SENDER_MISMATCH) and nothing is stored.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientCredentialsIT {
  @TempDir static Path dir;
  static HubFixture fixture;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    fixture = new HubFixture(dir);
    base = "http://127.0.0.1:" + fixture.hub.httpPort();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static KeyPair rsaKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    return gen.generateKeyPair();
  }

  private static String pem(KeyPair key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static HttpResponse<String> submit(String token, String message) throws Exception {
    return AuthTestSupport.HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/hl7v2"))
            .header("Content-Type", "x-application/hl7-v2+er7")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    message.replace('\n', '\r'), StandardCharsets.ISO_8859_1))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void senderObtainsATokenWithASignedAssertionAndSubmitsOnlyAsItself() throws Exception {
    long senderA =
        AuthTestSupport.senders(fixture.hub.jdbcUrl())
            .register("11D1110001", List.of("2.16.840.1.113883.3.999.1"), List.of("ORU^R01"), null);
    AuthTestSupport.senders(fixture.hub.jdbcUrl()).register("11D1110002");
    KeyPair key = rsaKey();
    PrincipalStore principals = AuthTestSupport.principals(fixture.hub.jdbcUrl());
    principals.save(new Principal("lab-a", "Lab A", Role.SENDER, senderA, pem(key), null));
    String tokenUrl = base + "/api/v1/token";

    String assertion =
        AuthTestSupport.rs256Assertion(key, "lab-a", tokenUrl, AuthTestSupport.newJti());
    HttpResponse<String> tokenResponse = AuthTestSupport.requestToken(base, assertion);
    assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
    JsonObject token = new JsonObject(tokenResponse.body());
    assertThat(token.getString("token_type")).isEqualTo("bearer");
    assertThat(token.getLong("expires_in")).isEqualTo(300L);
    assertThat(token.getString("scope")).contains("system/*.write");
    String accessToken = token.getString("access_token");

    // The same assertion again is a replay.
    HttpResponse<String> replay = AuthTestSupport.requestToken(base, assertion);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(replay.body()).getString("error")).isEqualTo("invalid_client");
    // An assertion for another audience is refused.
    HttpResponse<String> wrongAud =
        AuthTestSupport.requestToken(
            base,
            AuthTestSupport.rs256Assertion(
                key, "lab-a", "https://elsewhere.example/token", AuthTestSupport.newJti()));
    assertThat(wrongAud.statusCode()).isEqualTo(401);

    // As itself: accepted and stored.
    HttpResponse<String> own = submit(accessToken, TestMessages.elr("11D1110001", "CC-OWN-1"));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(new JsonObject(own.body()).getString("ackCode")).isEqualTo("AA");
    assertThat(fixture.count("control_id = ? AND sender_id = ?", "CC-OWN-1", senderA)).isEqualTo(1);
    // Under one of its other facility ids: also itself.
    HttpResponse<String> alias =
        submit(accessToken, TestMessages.elr("2.16.840.1.113883.3.999.1", "CC-OWN-2"));
    assertThat(alias.statusCode()).as(alias.body()).isEqualTo(200);

    // As another registered sender, or an unregistered one: refused, nothing stored.
    for (String other : List.of("11D1110002", "99D9999999")) {
      HttpResponse<String> mismatch =
          submit(accessToken, TestMessages.elr(other, "CC-MIS-" + other));
      assertThat(mismatch.statusCode()).as(mismatch.body()).isEqualTo(403);
      JsonObject receipt = new JsonObject(mismatch.body());
      assertThat(receipt.getString("ackCode")).isEqualTo("AR");
      assertThat(receipt.getBoolean("stored")).isFalse();
      assertThat(receipt.encode()).contains("SENDER_MISMATCH");
      assertThat(fixture.count("control_id = ?", "CC-MIS-" + other)).isZero();
    }
    // The HL7 acknowledgement says so too.
    HttpResponse<String> ack =
        AuthTestSupport.HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/hl7v2"))
                .header("Authorization", "Bearer " + accessToken)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        TestMessages.elr("11D1110002", "CC-MIS-ACK").replace('\n', '\r')))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ack.statusCode()).isEqualTo(403);
    assertThat(ack.body()).contains("MSA|AR|CC-MIS-ACK").contains("SENDER_MISMATCH");

    // A sender reads its own submissions only.
    HttpResponse<String> mine =
        AuthTestSupport.HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions?controlId=CC-OWN-1"))
                .header("Authorization", "Bearer " + accessToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(mine.body()).getJsonArray("submissions")).hasSize(1);
    // Its listing holds its own submissions only, though other senders' are stored.
    String devSender = fixture.bearer("sender").substring("Bearer ".length());
    assertThat(submit(devSender, TestMessages.elr("11D1110002", "CC-OTHER-1")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> listed =
        AuthTestSupport.HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions?limit=100"))
                .header("Authorization", "Bearer " + accessToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(listed.body()).getJsonArray("submissions"))
        .extracting(o -> ((JsonObject) o).getString("controlId"))
        .containsExactlyInAnyOrder("CC-OWN-1", "CC-OWN-2");
    // And the hub tells it so.
    HttpResponse<String> whoami =
        AuthTestSupport.HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/principal"))
                .header("Authorization", "Bearer " + accessToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonObject principal = new JsonObject(whoami.body());
    assertThat(principal.getString("clientId")).isEqualTo("lab-a");
    assertThat(principal.getString("role")).isEqualTo("sender");
    assertThat(principal.getBoolean("ownSubmissionsOnly")).isTrue();
    assertThat(principal.getJsonArray("operations").getList())
        .contains("submitHl7v2", "findSubmissions")
        .doesNotContain("getTrends");

    // Revoked: the still-unexpired token is refused within the cache time.
    assertThat(principals.revoke("lab-a")).isTrue();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                submit(accessToken, TestMessages.elr("11D1110001", "CC-REV")).statusCode() == 401);
    HttpResponse<String> revoked = submit(accessToken, TestMessages.elr("11D1110001", "CC-REV-2"));
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(revoked.body()).getString("error")).isEqualTo("TOKEN_REVOKED");
    assertThat(fixture.count("control_id = ?", "CC-REV-2")).isZero();
    HttpResponse<String> afterRevoke =
        AuthTestSupport.requestToken(
            base, AuthTestSupport.rs256Assertion(key, "lab-a", tokenUrl, AuthTestSupport.newJti()));
    assertThat(afterRevoke.statusCode()).isEqualTo(401);
  }

  /** An access token of a new sender principal bound to {@code senderId}, as the client gets it. */
  private static String accessToken(String clientId, String name, long senderId) throws Exception {
    KeyPair key = rsaKey();
    AuthTestSupport.principals(fixture.hub.jdbcUrl())
        .save(new Principal(clientId, name, Role.SENDER, senderId, pem(key), null));
    HttpResponse<String> token =
        AuthTestSupport.requestToken(
            base,
            AuthTestSupport.rs256Assertion(
                key, clientId, base + "/api/v1/token", AuthTestSupport.newJti()));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    return new JsonObject(token.body()).getString("access_token");
  }

  /**
   * One lab's credential cannot spend another lab's rate limit: a batch of messages naming lab B,
   * sent with lab A's token, is refused on the headers (not stored) and takes A's tokens only, so
   * B's own message right after is accepted. Keyed by the claimed MSH-4, the batch reserved B's
   * whole bucket and B was answered 429 (red-team review).
   */
  @Test
  void messagesNamingAnotherLabSpendOnlyTheirSubmittersTokens() throws Exception {
    SenderRegistry senders = AuthTestSupport.senders(fixture.hub.jdbcUrl());
    long labA = senders.register("11D1110011");
    long labB = senders.register("11D1110012");
    String tokenA = accessToken("lab-hijack-a", "Lab A", labA);
    String tokenB = accessToken("lab-hijack-b", "Lab B", labB);
    StringBuilder forged = new StringBuilder();
    // 10,000 reserve 8 s of a bucket beyond its burst (2,000, refilled at 1,000/s).
    for (int i = 0; i < 10_000; i++) {
      forged
          .append("MSH|^~\\&|X|11D1110012|||20261207||ORU^R01^ORU_R01|HIJACK-")
          .append(i)
          .append("|P|2.5.1\r");
    }

    // The batch's messages wait their turn, so the body is answered after them: B sends meanwhile.
    java.util.concurrent.CompletableFuture<HttpResponse<String>> batch =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return submit(tokenA, forged.toString());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1_500);

    HttpResponse<String> genuine = submit(tokenB, TestMessages.elr("11D1110012", "CC-HJ-B"));
    assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
    assertThat(batch.get(60, java.util.concurrent.TimeUnit.SECONDS).body())
        .contains("SENDER_MISMATCH");
    assertThat(fixture.count("control_id LIKE 'HIJACK-%'")).isZero();
  }

  /**
   * {@code vigil sender revoke} runs in another process: the hub read the sender once and took its
   * HTTP messages until a restart (ops6). Now refused within the registry's cache time.
   */
  @Test
  void aSenderRevokedByAnotherProcessIsRefusedWithinTheCacheTime() throws Exception {
    long senderR = AuthTestSupport.senders(fixture.hub.jdbcUrl()).register("11D1110007");
    String accessToken = accessToken("lab-r", "Lab R", senderR);
    HttpResponse<String> before = submit(accessToken, TestMessages.elr("11D1110007", "CC-RV-1"));
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

    assertThat(AuthTestSupport.senders(fixture.hub.jdbcUrl()).disable("11D1110007")).isTrue();
    // Its principal still verifies: told the sender is disabled (403, not stored).
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                submit(accessToken, TestMessages.elr("11D1110007", "CC-RV-2")).statusCode() == 403);
    HttpResponse<String> after = submit(accessToken, TestMessages.elr("11D1110007", "CC-RV-LAST"));
    assertThat(after.statusCode()).as(after.body()).isEqualTo(403);
    assertThat(after.body()).contains("SENDER_DISABLED").doesNotContain("SENDER_MISMATCH");
    assertThat(fixture.count("control_id = ? AND ack_code = 'AA'", "CC-RV-LAST")).isZero();
    // An immunization message without MSH-4 (taken as the token's sender) too, and FHIR.
    HttpResponse<String> vxu = submit(accessToken, TestMessages.vxu("", "CC-RV-IZ"));
    assertThat(vxu.statusCode()).as(vxu.body()).isEqualTo(403);
    assertThat(vxu.body()).contains("SENDER_DISABLED");
    HttpResponse<String> fhir = submitFhir(accessToken, labBundle("CC-RV-F", "11D1110007"));
    assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(403);
    assertThat(fhir.body()).contains("SENDER_DISABLED").doesNotContain("SENDER_FORBIDDEN");
  }

  /**
   * A batch whose only unstored message names another sender's facility was answered 503 + {@code
   * Retry-After}, "resend", for ever (red-team review): the resend is refused the same way. It is
   * answered 403, the status of that message alone, with each message's answer in the body; a
   * disabled sender's batch too.
   */
  @Test
  void aBatchWithAMessageRefusedForGoodIsNotAnsweredAsTransient() throws Exception {
    long senderA = AuthTestSupport.senders(fixture.hub.jdbcUrl()).register("11D1110011");
    AuthTestSupport.senders(fixture.hub.jdbcUrl()).register("11D1110012");
    String accessToken = accessToken("lab-batch", "Lab Batch", senderA);
    String batch =
        "BHS|^~\\&|LabFlow|11D1110011|HUB|DOH|20250310||||B-CC-1\r"
            + TestMessages.elr("11D1110011", "CC-BATCH-OWN")
            + TestMessages.elr("11D1110012", "CC-BATCH-MIS")
            + "BTS|2\r";
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpResponse<String> r = submitEr7(accessToken, batch);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      assertThat(r.headers().firstValue("Retry-After")).isEmpty();
      assertThat(r.body())
          .startsWith("BHS|")
          .contains("MSA|AA|CC-BATCH-OWN", "MSA|AR|CC-BATCH-MIS", "SENDER_MISMATCH")
          .endsWith("BTS|2\r");
    }
    // The sender's own message was taken once (the resend replayed it); the other never.
    assertThat(fixture.count("control_id = ? AND sender_id = ?", "CC-BATCH-OWN", senderA))
        .isEqualTo(1);
    assertThat(fixture.count("control_id = ?", "CC-BATCH-MIS")).isZero();
    // Several messages back to back, in JSON: the same status, a receipt per message.
    HttpResponse<String> json =
        submit(
            accessToken,
            TestMessages.elr("11D1110011", "CC-B2B-OWN")
                + TestMessages.elr("11D1110012", "CC-B2B-MIS"));
    assertThat(json.statusCode()).as(json.body()).isEqualTo(403);
    JsonObject receipts = new JsonObject(json.body());
    assertThat(receipts.getJsonArray("messages").getJsonObject(0).getBoolean("stored")).isTrue();
    assertThat(receipts.getJsonArray("messages").getJsonObject(1).getBoolean("stored")).isFalse();

    // Disabled: every message refused for good, 403 rather than "resend".
    assertThat(AuthTestSupport.senders(fixture.hub.jdbcUrl()).disable("11D1110011")).isTrue();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                submit(accessToken, TestMessages.elr("11D1110011", "CC-BATCH-D0")).statusCode()
                    == 403);
    HttpResponse<String> disabled =
        submitEr7(
            accessToken,
            "BHS|^~\\&|LabFlow|11D1110011|HUB|DOH|20250310||||B-CC-2\r"
                + TestMessages.elr("11D1110011", "CC-BATCH-D1")
                + TestMessages.elr("11D1110011", "CC-BATCH-D2")
                + "BTS|2\r");
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(403);
    assertThat(disabled.headers().firstValue("Retry-After")).isEmpty();
    assertThat(disabled.body())
        .contains("MSA|AR|CC-BATCH-D1", "MSA|AR|CC-BATCH-D2", "SENDER_DISABLED");
  }

  private static HttpResponse<String> submitEr7(String token, String body) throws Exception {
    return AuthTestSupport.HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/hl7v2"))
            .header("Content-Type", "x-application/hl7-v2+er7")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anImmunizationMessageWithoutMsh4IsTakenAsFromTheSenderItsTokenNames() throws Exception {
    long senderIz =
        AuthTestSupport.senders(fixture.hub.jdbcUrl())
            .register("11D1110004", List.of(), List.of("VXU^V04"), null);
    String accessToken = accessToken("iz-a", "Clinic A", senderIz);

    // The IZ guide lets MSH-4 be empty: the token names the sender, warned of, accepted.
    HttpResponse<String> sent = submit(accessToken, TestMessages.vxu("", "CC-IZ-1"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    JsonObject receipt = new JsonObject(sent.body());
    assertThat(receipt.getString("ackCode")).isEqualTo("AA");
    assertThat(receipt.getBoolean("duplicate")).isFalse();
    assertThat(receipt.encode()).contains("MSH4_MISSING").contains("credentials");
    assertThat(
            fixture.count(
                "control_id = ? AND sender_id = ? AND facility_id = ? AND ack_code = 'AA'",
                "CC-IZ-1",
                senderIz,
                "11D1110004"))
        .isEqualTo(1);
    // A resend is the same submission.
    HttpResponse<String> again = submit(accessToken, TestMessages.vxu("", "CC-IZ-1"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getString("submissionId"))
        .isEqualTo(receipt.getString("submissionId"));
    assertThat(new JsonObject(again.body()).getBoolean("duplicate")).isTrue();
    assertThat(fixture.count("control_id = ?", "CC-IZ-1")).isEqualTo(1);
    // Its control id is the sender's: another message naming the facility in MSH-4 cannot reuse it.
    HttpResponse<String> named = submit(accessToken, TestMessages.vxu("11D1110004", "CC-IZ-1"));
    assertThat(new JsonObject(named.body()).getString("ackCode")).isEqualTo("AE");
    assertThat(named.statusCode()).isEqualTo(422);
    assertThat(named.body()).contains("MSH10_REUSED");

    // A token that names no sender (the dev-mode sender principal) leaves it unidentified: AE.
    String devSender = fixture.bearer("sender").substring("Bearer ".length());
    HttpResponse<String> unnamed = submit(devSender, TestMessages.vxu("", "CC-IZ-2"));
    assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(422);
    JsonObject refused = new JsonObject(unnamed.body());
    assertThat(refused.getString("ackCode")).isEqualTo("AE");
    assertThat(refused.encode()).contains("MSH4_MISSING").contains("does not name a sender");
    assertThat(fixture.count("control_id = ? AND sender_id IS NULL", "CC-IZ-2")).isEqualTo(1);
  }

  /** The golden FHIR lab message with Bundle.identifier {@code id} and the sending lab's CLIA. */
  private static byte[] labBundle(String id, String clia) throws Exception {
    JsonObject bundle;
    try (var in = ClientCredentialsIT.class.getResourceAsStream("/fhir/lab_message.json")) {
      bundle = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    bundle.getJsonObject("identifier").put("value", id);
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject resource = ((JsonObject) e).getJsonObject("resource");
      if ("Organization".equals(resource.getString("resourceType"))) {
        if (clia == null) {
          resource.remove("identifier");
        } else {
          resource.getJsonArray("identifier").getJsonObject(0).put("value", clia);
        }
      }
    }
    return bundle.encode().getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> submitFhir(String token, byte[] bundle) throws Exception {
    return AuthTestSupport.HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/fhir/r4/$process-message"))
            .header("Content-Type", "application/fhir+json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bundle))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFhirBundleIsTakenAsFromTheSenderItsTokenNamesAndOnlyThat() throws Exception {
    long senderF = AuthTestSupport.senders(fixture.hub.jdbcUrl()).register("05D0000001");
    AuthTestSupport.senders(fixture.hub.jdbcUrl()).register("05D0000002");
    String accessToken = accessToken("lab-f", "Lab F", senderF);
    String system = "urn:oid:2.16.840.1.113883.3.1234.1|";

    // As itself.
    HttpResponse<String> own = submitFhir(accessToken, labBundle("CC-F-1", "05D0000001"));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(fixture.count("control_id = ? AND sender_id = ?", system + "CC-F-1", senderF))
        .isEqualTo(1);
    // As another registered facility: refused, not stored under its identifier.
    HttpResponse<String> other = submitFhir(accessToken, labBundle("CC-F-2", "05D0000002"));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
    assertThat(other.body()).contains("SENDER_FORBIDDEN");
    assertThat(fixture.count("control_id = ?", system + "CC-F-2")).isZero();
    // Naming no facility: its token's, warned of, accepted, and keyed as that facility's.
    HttpResponse<String> unnamed = submitFhir(accessToken, labBundle("CC-F-3", null));
    assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(200);
    assertThat(unnamed.body()).contains("SENDER_MISSING").contains("\"ok\"");
    assertThat(
            fixture.count(
                "control_id = ? AND sender_id = ? AND facility_id = ? AND ack_code = 'AA'",
                system + "CC-F-3",
                senderF,
                "05D0000001"))
        .isEqualTo(1);
    // A token that names no sender (the dev-mode sender principal): nothing names the facility.
    String devSender = fixture.bearer("sender").substring("Bearer ".length());
    HttpResponse<String> nobody = submitFhir(devSender, labBundle("CC-F-4", null));
    assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(422);
    assertThat(nobody.body()).contains("SENDER_MISSING");
  }

  @Test
  void aSenderIsRefusedMessageKindsItIsNotRegisteredFor() throws Exception {
    AuthTestSupport.senders(fixture.hub.jdbcUrl())
        .register("11D1110003", List.of(), List.of("VXU^V04"), null);
    String devSender = fixture.bearer("sender").substring("Bearer ".length());
    HttpResponse<String> r = submit(devSender, TestMessages.elr("11D1110003", "CC-KIND"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("ackCode")).isEqualTo("AR");
    assertThat(r.body()).contains("MESSAGE_KIND_NOT_ALLOWED");
  }

  private static String cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cmd = new picocli.CommandLine(new io.vigil.hub.cli.VigilCli());
    cmd.setOut(new java.io.PrintWriter(out));
    cmd.setErr(new java.io.PrintWriter(err));
    int exit = cmd.execute(args);
    assertThat(exit).as("vigil %s: %s", String.join(" ", args), err).isZero();
    return out.toString();
  }

  @Test
  void anOperatorRegistersASenderAndItsClientWithTheCli() throws Exception {
    String db = fixture.hub.jdbcUrl();
    KeyPair key = rsaKey();
    Path pemFile = dir.resolve("lab-cli.pem");
    java.nio.file.Files.writeString(pemFile, pem(key));
    assertThat(cli("sender", "add", "11D1110009", "--kinds", "ORU^R01,VXU^V04", "--db-url", db))
        .contains("registered 11D1110009");
    assertThat(cli("sender", "list", "--db-url", db)).contains("11D1110009");
    assertThat(
            cli(
                "principal",
                "add",
                "lab-cli",
                "--role",
                "sender",
                "--sender",
                "11D1110009",
                "--public-key",
                pemFile.toString(),
                "--db-url",
                db))
        .contains("added lab-cli as sender");
    assertThat(cli("principal", "list", "--db-url", db)).contains("lab-cli").contains("RS256");

    HttpResponse<String> token =
        AuthTestSupport.requestToken(
            base,
            AuthTestSupport.rs256Assertion(
                key, "lab-cli", base + "/api/v1/token", AuthTestSupport.newJti()));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String accessToken = new JsonObject(token.body()).getString("access_token");
    assertThat(submit(accessToken, TestMessages.elr("11D1110009", "CC-CLI-1")).statusCode())
        .isEqualTo(200);

    // An admin-minted test token works the same way.
    String minted =
        cli("principal", "token", "lab-cli", "--data-dir", dir.toString(), "--db-url", db).trim();
    assertThat(submit(minted, TestMessages.elr("11D1110009", "CC-CLI-2")).statusCode())
        .isEqualTo(200);

    assertThat(cli("principal", "revoke", "lab-cli", "--db-url", db)).contains("revoked lab-cli");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                submit(accessToken, TestMessages.elr("11D1110009", "CC-CLI-3")).statusCode()
                    == 401);
  }

  @Test
  void protectedEndpointsRefuseRequestsWithoutAToken() throws Exception {
    HttpResponse<String> r =
        AuthTestSupport.HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/hl7v2"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(TestMessages.elr("11D1110001", "CC-NONE")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(fixture.count("control_id = ?", "CC-NONE")).isZero();
  }
}

package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointVerifier;
import io.vigil.anchoring.checkpoint.NoteVerifierKey;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.anchoring.merkle.ProofVerifier;
import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.provenance.ReceiptJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Receipts and log proofs served by a running hub, checked with the pure verifiers only. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProvenanceIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private JsonObject get(String base, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", DevCredentials.bearer(dir, "auditor"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void everyAcknowledgedMessageGetsAReceiptThatVerifiesAgainstASignedCheckpoint() throws Exception {
    HubConfig config = HubConfig.forDev(dir).withMllpPort(0).withHttpPort(0);
    config = config.withLog(config.log().withInterval(Duration.ofSeconds(1)));
    try (VigilHub hub = VigilHub.start(config)) {
      String base = "http://127.0.0.1:" + hub.httpPort();
      List<String> ids = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      try (MllpClient client = new MllpClient(hub.mllpPort())) {
        for (int i = 0; i < 25; i++) {
          String message = TestMessages.elr("55D5555555", "PROV-" + i);
          messages.add(message);
          assertThat(MllpClient.ackCode(client.send(message))).isEqualTo("AA");
        }
        client.send(TestMessages.adt("55D5555555", "PROV-ADT")); // rejected, still logged
      }
      for (int i = 0; i < 25; i++) {
        JsonObject found =
            get(base, "/api/v1/submissions?controlId=PROV-" + i + "&sender=55D5555555");
        ids.add(found.getJsonArray("submissions").getJsonObject(0).getString("id"));
      }
      String logKey = get(base, "/api/v1/log/checkpoints").getString("logKey");
      CheckpointVerifier verifier =
          new CheckpointVerifier(NoteVerifierKey.parse(logKey), "vigil.dev/log");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !"pending"
                      .equals(
                          get(base, "/api/v1/submissions/" + ids.get(24) + "/receipt")
                              .getString("status")));

      for (int i = 0; i < 25; i++) {
        JsonObject json = get(base, "/api/v1/submissions/" + ids.get(i) + "/receipt");
        ReceiptJson.Parsed receipt = ReceiptJson.read(json);
        LogLeaf leaf = LogLeaf.decode(receipt.leaf());
        // The leaf commits to the exact bytes that were sent.
        assertThat(leaf.payloadSha256())
            .isEqualTo(MerkleHash.sha256(TestMessages.bytes(messages.get(i))));
        assertThat(leaf.controlId()).isEqualTo("PROV-" + i);
        assertThat(leaf.ackCode()).isEqualTo("AA");
        // Timeliness reference instants from SPM-17 and OBR-22 of the test ELR.
        assertThat(leaf.specimenCollectedAt())
            .contains(java.time.Instant.parse("2025-03-09T14:15:00Z"));
        assertThat(leaf.resultedAt()).contains(java.time.Instant.parse("2025-03-10T19:00:00Z"));
        // ... and MSH-7, in a version-2 leaf.
        assertThat(leaf.messageCreatedAt())
            .contains(java.time.Instant.parse("2025-03-10T19:30:05Z"));
        assertThat(leaf.version()).isEqualTo(LogLeaf.VERSION);
        Checkpoint cp = verifier.verify(receipt.checkpointNote().orElseThrow());
        ProofVerifier.verifyInclusion(
            receipt.proof().orElseThrow(), leaf.leafHash(), cp.rootHash());
      }

      JsonArray checkpoints = get(base, "/api/v1/log/checkpoints").getJsonArray("checkpoints");
      assertThat(checkpoints).isNotEmpty();
      long size = checkpoints.getJsonObject(0).getLong("treeSize");
      assertThat(size).as("accepted and rejected messages are all logged").isEqualTo(26);
      JsonObject consistency = get(base, "/api/v1/log/consistency?from=5&to=" + size);
      List<Hash> proof = new ArrayList<>();
      consistency.getJsonArray("proof").forEach(h -> proof.add(Hash.fromHex((String) h)));
      Hash newRoot = Hash.fromHex(checkpoints.getJsonObject(0).getString("rootHash"));
      // The old root is recomputed from the first five receipts' leaves, not taken from the hub.
      var reference = new io.vigil.anchoring.merkle.InMemoryMerkleLog();
      for (int i = 0; i < 5; i++) {
        reference.append(
            ReceiptJson.read(get(base, "/api/v1/submissions/" + ids.get(i) + "/receipt")).leaf());
      }
      ProofVerifier.verifyConsistency(
          new ConsistencyProof(5, size, proof), reference.root(5), newRoot);
    }
  }
}

package io.vigil.hub.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.ingest.provenance.ReceiptJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what {@code vigil verify} does with a receipt file it was handed: parse the JSON, read the
 * receipt, and verify it against the message and a chain. Properties: a malformed file fails with
 * {@link DecodeException} or {@link IllegalArgumentException} (what the command reports as "not
 * readable"), and a readable one either verifies or fails with {@link ReceiptVerifier.Failure} —
 * never another exception. A receipt that verifies really is one of the fixture log's genuine
 * receipts for that message. Seeds are genuine receipts from {@link ReceiptFixtures}.
 */
class ReceiptVerifierFuzzTest {

  @Test
  void genuineReceiptsVerifyAndTamperedOnesFail() throws Exception {
    CheckpointSigner signer = CheckpointSigner.generate("vigil.example.org");
    JsonObject json = ReceiptFixtures.receipt(signer, 3, 7);
    ReceiptJson.Parsed parsed = ReceiptJson.read(json);
    String key = parsed.logKey().orElseThrow();
    ReceiptVerifier.Verified v =
        ReceiptVerifier.verify(ReceiptFixtures.message(3), parsed, key, ReceiptFixtures.CHAIN);
    assertThat(v.treeSize()).isEqualTo(7);
    assertThat(v.anchored().blockNumber()).isEqualTo(107);
    assertThatThrownBy(
            () ->
                ReceiptVerifier.verify(
                    ReceiptFixtures.message(4), parsed, key, ReceiptFixtures.CHAIN))
        .isInstanceOf(ReceiptVerifier.Failure.class)
        .hasMessageContaining("does not match the receipt");
  }

  @FuzzTest
  void receiptsVerifyOrFailWithAReason(byte[] input) {
    ReceiptJson.Parsed parsed;
    try {
      parsed = ReceiptJson.read(new JsonObject(new String(input, StandardCharsets.UTF_8)));
    } catch (DecodeException | IllegalArgumentException unreadable) {
      return;
    }
    String key = parsed.logKey().orElse(null);
    if (key == null) {
      return; // the command asks for --log-key
    }
    for (int i = 0; i < ReceiptFixtures.LEAVES; i++) {
      try {
        ReceiptVerifier.Verified v =
            ReceiptVerifier.verify(ReceiptFixtures.message(i), parsed, key, ReceiptFixtures.CHAIN);
        assertThat(v.receivedAt()).isEqualTo(ReceiptFixtures.leaf(i).receivedAt());
        assertThat(parsed.leafIndex()).isEqualTo(i);
      } catch (ReceiptVerifier.Failure expected) {
        // a precise, typed reason
      }
    }
  }
}

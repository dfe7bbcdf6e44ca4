package io.vigil.anchoring.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the parsing and verification of signed checkpoints and verifier keys, which {@code vigil
 * verify} and {@code vigil monitor} read from an untrusted hub. Properties: every input either
 * verifies or fails with a {@link CheckpointException} (never a runtime exception); a note that
 * verifies was signed by the trusted key, and its checkpoint renders back to exactly the signed
 * body. Seeds are real notes signed by {@link #SIGNER} (deterministic Ed25519, fixed seed).
 */
class CheckpointVerifierFuzzTest {

  static final String ORIGIN = "vigil.example.org/submissions";
  static final CheckpointSigner SIGNER =
      CheckpointSigner.of("vigil.example.org", Ed25519Keys.fromSeed(new byte[32]));
  private static final CheckpointVerifier VERIFIER =
      new CheckpointVerifier(SIGNER.verifierKey(), ORIGIN);

  @Test
  void theCommittedSeedsAreSignedByTheTrustedKey() throws Exception {
    String dir = "CheckpointVerifierFuzzTestInputs/notesVerifyOrFailWithCheckpointException/";
    for (String seed :
        new String[] {"signed_checkpoint_with_timestamp", "cosigned_by_another_key"}) {
      try (InputStream in = getClass().getResourceAsStream(dir + seed)) {
        String note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(VERIFIER.verify(note).size()).isEqualTo(5);
      }
    }
  }

  @FuzzTest
  void notesVerifyOrFailWithCheckpointException(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      Checkpoint checkpoint = VERIFIER.verify(text);
      assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
      assertThat(SignedNote.parse(text).text()).isEqualTo(checkpoint.body());
    } catch (CheckpointException expected) {
      // typed failure
    }
    try {
      Checkpoint.parse(text);
    } catch (CheckpointException expected) {
      // typed failure
    }
    // "<verifier key>\n<note>": an untrusted key (e.g. one taken from a receipt) may not even be a
    // curve point; verifying with it must still fail cleanly.
    int newline = text.indexOf('\n');
    if (newline > 0) {
      try {
        NoteVerifierKey key = NoteVerifierKey.parse(text.substring(0, newline));
        assertThat(NoteVerifierKey.parse(key.render()).render()).isEqualTo(key.render());
        new CheckpointVerifier(key, ORIGIN).verify(text.substring(newline + 1));
      } catch (CheckpointException expected) {
        // typed failure
      }
    }
  }
}

package io.vigil.anchoring.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import io.vigil.anchoring.merkle.Hash;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors from outside this codebase: the signed-note example of Go's {@code
 * golang.org/x/mod/sumdb/note} (package documentation and tests) and signed tree heads published by
 * {@code sum.golang.org}, which are C2SP checkpoints.
 */
class GoNoteVectorsTest {

  static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY =
      "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String PETER_LINE =
      "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_LINE =
      "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  static final String SUMDB_VKEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
  static final String SUMDB_NOTE_1 =
      "go.sum database tree\n65209736\n5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=\n\n"
          + "— sum.golang.org Az3grnbssgK7ubgFX36gVETtNv0U23qxyAhAMai2QUfeGa3nB/akvkMdlUErfcZz7l/R3cVtYspg3dxXABkGZZKdsQ8=\n";
  static final String SUMDB_NOTE_2 =
      "go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n"
          + "— sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n";

  @Test
  void parsesAndRendersTheGoVerifierKey() throws CheckpointException {
    NoteVerifierKey key = NoteVerifierKey.parse(PETER_VKEY);
    assertThat(key.name()).isEqualTo("PeterNeumann");
    assertThat(key.keyHash()).isEqualTo(0xc74f20a3);
    assertThat(key.render()).isEqualTo(PETER_VKEY);
    assertThat(NoteVerifierKey.of("PeterNeumann", key.publicKey())).isEqualTo(key);
  }

  @Test
  void parsesKeysWhoseBase64ContainsPlus() throws CheckpointException {
    NoteVerifierKey key = NoteVerifierKey.parse(SUMDB_VKEY);
    assertThat(key.name()).isEqualTo("sum.golang.org");
    assertThat(key.keyHash()).isEqualTo(0x033de0ae);
    assertThat(key.render()).isEqualTo(SUMDB_VKEY);
  }

  @Test
  void signerKeyYieldsTheGoVerifierKey() throws CheckpointException {
    assertThat(CheckpointSigner.fromSignerKey(PETER_SKEY).verifierKey().render())
        .isEqualTo(PETER_VKEY);
  }

  @Test
  void signsTheGoExampleByteForByte() throws CheckpointException {
    // Ed25519 is deterministic, so the same seed and text must give Go's exact note.
    CheckpointSigner signer = CheckpointSigner.fromSignerKey(PETER_SKEY);
    assertThat(signer.signNote(TEXT)).isEqualTo(TEXT + "\n" + PETER_LINE);
  }

  @Test
  void opensTheGoExampleAndItsDoublySignedForm() throws CheckpointException {
    NoteVerifierKey peter = NoteVerifierKey.parse(PETER_VKEY);
    NoteVerifierKey enoch = NoteVerifierKey.parse(ENOCH_VKEY);
    assertThat(SignedNote.parse(TEXT + "\n" + PETER_LINE).verifiedText(peter)).isEqualTo(TEXT);

    SignedNote both = SignedNote.parse(TEXT + "\n" + PETER_LINE + ENOCH_LINE);
    assertThat(both.signatures()).hasSize(2);
    assertThat(both.verifiedText(peter)).isEqualTo(TEXT);
    assertThat(both.verifiedText(enoch)).isEqualTo(TEXT);
    assertThat(both.render()).isEqualTo(TEXT + "\n" + PETER_LINE + ENOCH_LINE);
  }

  @Test
  void rejectsTheGoExampleUnderAnotherKey() throws CheckpointException {
    NoteVerifierKey enoch = NoteVerifierKey.parse(ENOCH_VKEY);
    SignedNote note = SignedNote.parse(TEXT + "\n" + PETER_LINE);
    assertThatThrownBy(() -> note.verifiedText(enoch))
        .isInstanceOfSatisfying(
            CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_TRUSTED_SIGNATURE));
  }

  @Test
  void everySingleCharacterDeletionBreaksTheVerifierKey() {
    for (int i = 0; i < PETER_VKEY.length(); i++) {
      String mangled = PETER_VKEY.substring(0, i) + PETER_VKEY.substring(i + 1);
      assertThatThrownBy(() -> NoteVerifierKey.parse(mangled))
          .as("deleting index %d", i)
          .isInstanceOfSatisfying(
              CheckpointException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_KEY));
    }
  }

  @Test
  void verifiesCheckpointsPublishedBySumGolangOrg() throws CheckpointException {
    CheckpointVerifier verifier =
        new CheckpointVerifier(NoteVerifierKey.parse(SUMDB_VKEY), "go.sum database tree");
    Checkpoint first = verifier.verify(SUMDB_NOTE_1);
    assertThat(first.size()).isEqualTo(65_209_736L);
    assertThat(first.rootHash())
        .isEqualTo(
            Hash.of(Base64.getDecoder().decode("5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=")));
    assertThat(first.extensions()).isEmpty();
    assertThat(verifier.verify(SUMDB_NOTE_2).size()).isEqualTo(31_700_353L);
  }

  @Test
  void rejectsASumGolangOrgCheckpointWithAnAlteredSize() throws CheckpointException {
    CheckpointVerifier verifier =
        new CheckpointVerifier(NoteVerifierKey.parse(SUMDB_VKEY), "go.sum database tree");
    String altered = SUMDB_NOTE_1.replace("\n65209736\n", "\n65209737\n");
    assertThatThrownBy(() -> verifier.verify(altered))
        .isInstanceOfSatisfying(
            CheckpointException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }
}

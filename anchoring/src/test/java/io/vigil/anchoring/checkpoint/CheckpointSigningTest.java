package io.vigil.anchoring.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InMemoryMerkleLog;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointSigningTest {

  private static final String ORIGIN = "vigil.example.org/submissions";
  private static final String KEY_NAME = "vigil.example.org";

  private final CheckpointSigner signer = CheckpointSigner.generate(KEY_NAME);
  private final CheckpointVerifier verifier = new CheckpointVerifier(signer.verifierKey(), ORIGIN);
  private final Checkpoint checkpoint = checkpointOfLog(5);

  private static Checkpoint checkpointOfLog(int leaves) {
    InMemoryMerkleLog log = new InMemoryMerkleLog();
    for (int i = 0; i < leaves; i++) {
      log.append(new byte[] {(byte) i});
    }
    return Checkpoint.of(
        ORIGIN, log.size(), log.root(), Instant.parse("2026-11-22T08:30:00.000001Z"));
  }

  @Test
  void verifiesWhatItSigns() throws CheckpointException {
    assertThat(verifier.verify(signer.sign(checkpoint))).isEqualTo(checkpoint);
  }

  @Test
  void writesOneSignatureLineWithKeyHashAndEd25519Signature() {
    String note = signer.sign(checkpoint);
    assertThat(note).startsWith(checkpoint.body() + "\n— " + KEY_NAME + " ").endsWith("\n");
    String blob = note.substring(note.lastIndexOf(' ') + 1, note.length() - 1);
    byte[] bytes = Base64.getDecoder().decode(blob);
    assertThat(bytes).hasSize(4 + 64);
    int keyHash =
        ((bytes[0] & 0xFF) << 24)
            | ((bytes[1] & 0xFF) << 16)
            | ((bytes[2] & 0xFF) << 8)
            | (bytes[3] & 0xFF);
    assertThat(keyHash).isEqualTo(signer.verifierKey().keyHash());
    assertThat(signer.sign(checkpoint)).as("deterministic").isEqualTo(note);
  }

  @Test
  void rejectsAlteredSizeRootOriginOrTimestamp() {
    String note = signer.sign(checkpoint);
    String root = Base64.getEncoder().encodeToString(checkpoint.rootHash().bytes());
    String otherRoot = Base64.getEncoder().encodeToString(checkpointOfLog(6).rootHash().bytes());
    assertReason(note.replace("\n5\n", "\n6\n"), Reason.BAD_SIGNATURE);
    assertReason(note.replace(root, otherRoot), Reason.BAD_SIGNATURE);
    assertReason(note.replace(ORIGIN + "\n", ORIGIN + "x\n"), Reason.BAD_SIGNATURE);
    assertReason(note.replace("00.000001Z", "00.000002Z"), Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsAFlippedSignatureBit() {
    String note = signer.sign(checkpoint);
    int start = note.lastIndexOf(' ') + 1;
    byte[] blob = Base64.getDecoder().decode(note.substring(start, note.length() - 1));
    blob[20] ^= 1;
    String tampered = note.substring(0, start) + Base64.getEncoder().encodeToString(blob) + "\n";
    assertReason(tampered, Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsOtherKeysAndOtherLogs() throws CheckpointException {
    String note = signer.sign(checkpoint);
    CheckpointSigner impostor = CheckpointSigner.generate(KEY_NAME);
    assertThatThrownBy(() -> new CheckpointVerifier(impostor.verifierKey(), ORIGIN).verify(note))
        .isInstanceOfSatisfying(
            CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_TRUSTED_SIGNATURE));

    // An impostor line forged with the trusted key's name and hash fails as a bad signature.
    String forged =
        impostor
            .signNote(checkpoint.body())
            .replace("— " + KEY_NAME + " ", "— " + KEY_NAME + " ")
            .substring(checkpoint.body().length() + 1);
    byte[] blob = Base64.getDecoder().decode(forged.substring(forged.lastIndexOf(' ') + 1).trim());
    int keyHash = signer.verifierKey().keyHash();
    blob[0] = (byte) (keyHash >>> 24);
    blob[1] = (byte) (keyHash >>> 16);
    blob[2] = (byte) (keyHash >>> 8);
    blob[3] = (byte) keyHash;
    String forgedNote =
        checkpoint.body()
            + "\n— "
            + KEY_NAME
            + " "
            + Base64.getEncoder().encodeToString(blob)
            + "\n";
    assertReason(forgedNote, Reason.BAD_SIGNATURE);

    assertThatThrownBy(
            () -> new CheckpointVerifier(signer.verifierKey(), "another.example/log").verify(note))
        .isInstanceOfSatisfying(
            CheckpointException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ORIGIN));
  }

  @Test
  void ignoresSignaturesByUnknownKeys() throws CheckpointException {
    CheckpointSigner witness = CheckpointSigner.generate("witness.example");
    String witnessLine = witness.sign(checkpoint).substring(checkpoint.body().length() + 1);
    String cosigned = signer.sign(checkpoint) + witnessLine;
    assertThat(verifier.verify(cosigned)).isEqualTo(checkpoint);
    String witnessFirst =
        checkpoint.body()
            + "\n"
            + witnessLine
            + signer.sign(checkpoint).substring(checkpoint.body().length() + 1);
    assertThat(verifier.verify(witnessFirst)).isEqualTo(checkpoint);
  }

  @Test
  void rejectsMalformedNotes() {
    String note = signer.sign(checkpoint);
    String body = checkpoint.body();
    String line = note.substring(body.length() + 1);
    List<String> malformed =
        List.of(
            "",
            body,
            body + line,
            note.substring(0, note.length() - 1),
            body + "\n",
            body + "\n" + line.replace("—", "-"),
            body + "\n" + line.replace("— ", "—"),
            body + "\n" + line.replace(KEY_NAME + " ", KEY_NAME + "  "),
            body + "\n" + line.replace(KEY_NAME, "bad+name"),
            body + "\n" + line.replace("=\n", "\n"),
            body + "\n" + line + "\n",
            note.replace("\n", "\r\n"),
            "\u0000" + note);
    for (String text : malformed) {
      assertThatThrownBy(() -> verifier.verify(text))
          .as("%s", text)
          .isInstanceOfSatisfying(
              CheckpointException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_NOTE));
    }
  }

  @Test
  void rejectsSignedTextThatIsNotACheckpoint() {
    String note = signer.signNote("hello\nworld\n");
    assertReason(note, Reason.MALFORMED_CHECKPOINT);
  }

  @Test
  void verifierKeyRoundTripsThroughItsStringForm() throws CheckpointException {
    NoteVerifierKey key = signer.verifierKey();
    assertThat(key.render()).startsWith(KEY_NAME + "+").hasSize(KEY_NAME.length() + 1 + 8 + 1 + 44);
    assertThat(NoteVerifierKey.parse(key.render())).isEqualTo(key);
    assertThat(key.toString()).isEqualTo(key.render());
    assertThat(signer.toString()).contains(key.render());
  }

  @Test
  void convertsBetweenRawAndJdkKeys() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteVerifierKey key = NoteVerifierKey.of("k", pair.getPublic());
    assertThat(key.publicKey()).hasSize(32);
    assertThat(key.jdkPublicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    CheckpointSigner fromPair = CheckpointSigner.of("k", pair);
    assertThat(new CheckpointVerifier(key, ORIGIN).verify(fromPair.sign(checkpoint)))
        .isEqualTo(checkpoint);
  }

  @Test
  void rejectsMalformedKeys() {
    assertThatThrownBy(() -> NoteVerifierKey.of("has space", new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoteVerifierKey.of("has+plus", new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoteVerifierKey.of("short", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckpointSigner.generate("nbsp\u00a0name"))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad :
        List.of(
            "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKD",
            "PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")) {
      assertThatThrownBy(() -> CheckpointSigner.fromSignerKey(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              CheckpointException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_KEY));
    }
  }

  @Test
  void refusesToSignTextThatIsNotANoteBody() {
    assertThatThrownBy(() -> signer.signNote("no newline"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.signNote("tab\there\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.signNote("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checkpointRootMatchesTheLog() {
    Hash root = checkpoint.rootHash();
    assertThat(root).isEqualTo(checkpointOfLog(5).rootHash());
  }

  private void assertReason(String note, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(note))
        .isInstanceOfSatisfying(
            CheckpointException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void generatedSignerKeysRoundTripAndSign() throws Exception {
    String key = CheckpointSigner.generateSignerKey("vigil.example/log");
    assertThat(key).startsWith("PRIVATE+KEY+vigil.example/log+");
    CheckpointSigner signer = CheckpointSigner.fromSignerKey(key);
    assertThat(CheckpointSigner.fromSignerKey(key).verifierKey().render())
        .isEqualTo(signer.verifierKey().render());
    assertThat(CheckpointSigner.generateSignerKey("vigil.example/log")).isNotEqualTo(key);
  }
}

package io.vigil.anchoring.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {

  private static final String ORIGIN = "vigil.example.org/submissions";
  private static final Hash ROOT =
      Hash.fromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  private static final String ROOT_BASE64 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

  @Test
  void rendersTheThreeLineBody() {
    assertThat(Checkpoint.of(ORIGIN, 8, ROOT).body())
        .isEqualTo(ORIGIN + "\n8\n" + ROOT_BASE64 + "\n");
  }

  @Test
  void rendersATimestampExtensionWithMicroseconds() {
    Checkpoint checkpoint =
        Checkpoint.of(ORIGIN, 8, ROOT, Instant.parse("2026-11-22T08:30:00.123456789Z"));
    assertThat(checkpoint.body())
        .isEqualTo(ORIGIN + "\n8\n" + ROOT_BASE64 + "\nTimestamp: 2026-11-22T08:30:00.123456Z\n");
    assertThat(checkpoint.timestamp()).contains(Instant.parse("2026-11-22T08:30:00.123456Z"));
    assertThat(Checkpoint.of(ORIGIN, 8, ROOT).timestamp()).isEmpty();
  }

  @Test
  void parsesWhatItRenders() throws CheckpointException {
    Checkpoint plain = Checkpoint.of(ORIGIN, 0, MerkleHash.emptyRoot());
    Checkpoint stamped = Checkpoint.of(ORIGIN, Long.MAX_VALUE, ROOT, Instant.EPOCH);
    Checkpoint other = new Checkpoint(ORIGIN, 8, ROOT, List.of("other ext", "more"));
    for (Checkpoint checkpoint : List.of(plain, stamped, other)) {
      assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
    }
  }

  @Test
  void parsesTheC2spSpecExample() throws CheckpointException {
    Checkpoint checkpoint =
        Checkpoint.parse(
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(checkpoint.size()).isEqualTo(20_852_163L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "o\n8\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
        "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n+8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n 8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n9223372036854775808\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg=\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n",
        "o\r\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nTimestamp: 2026-11-22T08:30:00Z\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nTimestamp: 2026-02-30T08:30:00.000000Z\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nTimestamp: 2026-11-22T08:30:00.000000Z\n"
            + "Timestamp: 2026-11-22T08:30:00.000000Z\n",
      })
  void rejectsMalformedBodies(String body) {
    assertThatThrownBy(() -> Checkpoint.parse(body))
        .isInstanceOfSatisfying(
            CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CHECKPOINT));
  }

  @Test
  void rejectsInvalidFields() {
    assertThatThrownBy(() -> Checkpoint.of("", 1, ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.of("a\nb", 1, ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.of(ORIGIN, -1, ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, ROOT, List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

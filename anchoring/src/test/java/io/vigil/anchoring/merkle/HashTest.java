package io.vigil.anchoring.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashTest {

  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void sha256MatchesFipsVector() {
    assertThat(MerkleHash.sha256("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .isEqualTo(ABC_SHA256);
  }

  @Test
  void rendersAndParsesHex() {
    Hash hash = Hash.fromHex(ABC_SHA256.toUpperCase());
    assertThat(hash.hex()).isEqualTo(ABC_SHA256);
    assertThat(hash).hasToString(ABC_SHA256);
    assertThat(Hash.fromHex(hash.hex())).isEqualTo(hash).hasSameHashCodeAs(hash);
  }

  @Test
  void rejectsWrongLengths() {
    assertThatThrownBy(() -> Hash.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.fromHex("abcd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.fromHex("zz" + ABC_SHA256.substring(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isImmutable() {
    byte[] bytes = new byte[32];
    Hash hash = Hash.of(bytes);
    bytes[0] = 1;
    hash.bytes()[1] = 1;
    assertThat(hash).isEqualTo(Hash.of(new byte[32]));
  }

  @Test
  void leafAndNodeHashesAreDomainSeparated() {
    Hash left = MerkleHash.sha256(new byte[0]);
    Hash right = MerkleHash.sha256(new byte[1]);
    byte[] concatenated = new byte[64];
    System.arraycopy(left.bytes(), 0, concatenated, 0, 32);
    System.arraycopy(right.bytes(), 0, concatenated, 32, 32);
    assertThat(MerkleHash.leafHash(concatenated)).isNotEqualTo(MerkleHash.nodeHash(left, right));
  }
}

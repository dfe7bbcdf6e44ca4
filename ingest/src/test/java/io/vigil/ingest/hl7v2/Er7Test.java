package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Er7Test {
  @Test
  void readsAPieceOfOneSegmentInPlace() {
    String text = "MSH|x|y\rOBX|a|b|c\rZZZ|q";
    int from = text.indexOf("OBX");
    int to = text.indexOf('\r', from);
    assertThat(Er7.piece(text, from, to, '|', 0)).isEqualTo("OBX");
    assertThat(Er7.piece(text, from, to, '|', 2)).isEqualTo("b");
    assertThat(Er7.piece(text, from, to, '|', 3)).as("ends at the segment's end").isEqualTo("c");
    assertThat(Er7.piece(text, from, to, '|', 4)).as("not the next segment's").isEmpty();
    assertThat(Er7.piece(text, '|', 3)).isEqualTo("a");
    assertThat(Er7.piece("", '|', 0)).isEmpty();
  }
}

package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecoderTest {
  @Test
  void codingsAreUndoneLastAppliedFirstWithoutIdentity() {
    assertThat(ContentDecoder.codings(null)).isEmpty();
    assertThat(ContentDecoder.codings(" identity ")).isEmpty();
    assertThat(ContentDecoder.codings("GZIP")).containsExactly("gzip");
    assertThat(ContentDecoder.codings("deflate, identity, gzip"))
        .containsExactly("gzip", "deflate");
  }

  @Test
  void recognisesTheZlibWrapperAndNotRawDeflate() throws Exception {
    byte[] text = "MSH|^~\\&|LAB".repeat(20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int level = 0; level <= 9; level++) {
      assertThat(ContentDecoder.isZlib(deflate(text, level, false))).as("zlib " + level).isTrue();
    }
    // Raw deflate of this text starts with a block header the zlib check rejects.
    assertThat(ContentDecoder.isZlib(deflate(text, 6, true))).isFalse();
    assertThat(ContentDecoder.isZlib(text)).isFalse();
    assertThat(ContentDecoder.isZlib(new byte[] {0x78})).isFalse();
  }

  private static byte[] deflate(byte[] bytes, int level, boolean raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(level, raw))) {
      z.write(bytes);
    }
    return out.toByteArray();
  }
}

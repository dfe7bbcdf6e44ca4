package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BundleResendTest {
  static final String BUNDLE =
      "{\"resourceType\":\"Bundle\",\"id\":\"a\",\"meta\":{\"lastUpdated\":\"2026-11-20\"},"
          + "\"identifier\":{\"value\":\"B-1\"},\"type\":\"message\","
          + "\"timestamp\":\"2026-11-20T14:30:05-05:00\",\"entry\":[{\"x\":1}]}";

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRebuiltBundleIsAResend() {
    String rebuilt =
        "\uFEFF{ \"entry\": [ {\"x\": 1} ], \"type\": \"message\", \"identifier\": {\"value\":"
            + " \"B-1\"}, \"resourceType\": \"Bundle\", \"id\": \"b\","
            + " \"timestamp\": \"2026-11-20T15:00:00-05:00\" }\n";
    assertThat(BundleResend.isResendOf(bytes(BUNDLE), bytes(rebuilt))).isTrue();
    assertThat(BundleResend.isResendOf(bytes(BUNDLE), bytes(BUNDLE))).isTrue();
  }

  @Test
  void otherContentOrNotJsonIsNot() {
    assertThat(BundleResend.isResendOf(bytes(BUNDLE), bytes(BUNDLE.replace("\"x\":1", "\"x\":2"))))
        .isFalse();
    assertThat(BundleResend.isResendOf(bytes(BUNDLE), bytes(BUNDLE.replace("message", "batch"))))
        .isFalse();
    assertThat(BundleResend.isResendOf(bytes("not json"), bytes("not json either"))).isFalse();
  }
}

package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the HL7 v2 HTTP receiver takes as a body, against a real hub with a real HTTP client: the
 * media types senders use for ER7, compressed bodies, and the bodies it refuses.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpBodyEncodingIT {
  private static final String ER7 = "x-application/hl7-v2+er7";

  @TempDir static Path dir;
  static HubFixture fixture;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = new HubFixture(dir);
    base = "http://127.0.0.1:" + fixture.hub.httpPort();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static HttpResponse<String> post(String body, String contentType, String accept)
      throws Exception {
    return fixture.postHl7v2(body, contentType, accept);
  }

  @Test
  void acceptsTheMediaTypesSendersUseForEr7() throws Exception {
    List<String> types =
        List.of(
            ER7,
            "application/hl7-v2",
            "application/hl7-v2+er7",
            "application/HL7-V2; charset=ISO-8859-1",
            "application/edi-hl7",
            "application/x-hl7",
            "text/plain; charset=utf-8",
            "application/octet-stream");
    for (int i = 0; i < types.size(); i++) {
      HttpResponse<String> r = post(TestMessages.elr("22D3333333", "MT-" + i), types.get(i), null);
      assertThat(r.statusCode()).as(types.get(i)).isEqualTo(200);
      assertThat(r.body()).as(types.get(i)).contains("MSA|AA|MT-" + i);
    }
  }

  @Test
  void inflatesACompressedBodyAndRefusesACodingItCannotUndo() throws Exception {
    String message = TestMessages.elr("22D3333333", "HTTP-GZIP");
    HttpResponse<String> gzip = postEncoded(gzip(TestMessages.bytes(message)), "gzip");
    assertThat(gzip.statusCode()).isEqualTo(200);
    assertThat(gzip.body()).contains("MSA|AA|HTTP-GZIP");
    // What is stored and hashed is the message, not its transfer form.
    assertThat(fixture.payload("HTTP-GZIP")).isEqualTo(TestMessages.bytes(message));

    long stored = fixture.count("true");
    // The size limit counts inflated bytes: 11 MiB of one letter is ~11 KB on the wire.
    HttpResponse<String> bomb = postEncoded(gzip(new byte[11 * 1024 * 1024]), "gzip");
    assertThat(bomb.statusCode()).isEqualTo(413);

    HttpResponse<String> brotli =
        postEncoded(TestMessages.bytes(TestMessages.elr("22D3333333", "HTTP-BR")), "br");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(brotli.body()).getString("error"))
        .isEqualTo("UNSUPPORTED_CONTENT_ENCODING");
    assertThat(fixture.count("true")).as("nothing stored for either").isEqualTo(stored);
  }

  @Test
  void inflatesDeflateInBothFormsAndAnswersABodyThatIsNotWhatItsCodingSays() throws Exception {
    byte[] plain = TestMessages.bytes(TestMessages.elr("22D3333333", "HTTP-ZLIB"));
    HttpResponse<String> zlib = postEncoded(deflate(plain, false), "deflate");
    assertThat(zlib.statusCode()).isEqualTo(200);
    assertThat(zlib.body()).contains("MSA|AA|HTTP-ZLIB");
    // Raw deflate (RFC 1951) without the zlib wrapper, as some clients send it.
    byte[] raw = TestMessages.bytes(TestMessages.elr("22D3333333", "HTTP-RAW"));
    HttpResponse<String> rawDeflate = postEncoded(deflate(raw, true), "deflate");
    assertThat(rawDeflate.statusCode()).isEqualTo(200);
    assertThat(rawDeflate.body()).contains("MSA|AA|HTTP-RAW");
    assertThat(fixture.payload("HTTP-RAW")).isEqualTo(raw);
    byte[] xgzip = TestMessages.bytes(TestMessages.elr("22D3333333", "HTTP-XGZIP"));
    assertThat(postEncoded(gzip(xgzip), "x-gzip").body()).contains("MSA|AA|HTTP-XGZIP");

    long stored = fixture.count("true");
    byte[] message = TestMessages.bytes(TestMessages.elr("22D3333333", "HTTP-NOTGZIP"));
    HttpResponse<String> plainLabelledGzip = postEncoded(message, "gzip");
    assertThat(plainLabelledGzip.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(plainLabelledGzip.body()).getString("error"))
        .isEqualTo("INVALID_CONTENT_ENCODING");
    byte[] whole = gzip(message);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    HttpResponse<String> cut = postEncoded(truncated, "gzip");
    assertThat(cut.statusCode()).isEqualTo(400);
    assertThat(cut.body()).contains("not valid gzip");
    assertThat(fixture.count("true")).as("nothing stored").isEqualTo(stored);
    // The connection stays usable: the next request is answered.
    assertThat(postEncoded(gzip(message), "gzip").body()).contains("MSA|AA|HTTP-NOTGZIP");
  }

  private static byte[] deflate(byte[] bytes, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var z =
        new java.util.zip.DeflaterOutputStream(
            out, new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, raw))) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  private static HttpResponse<String> postEncoded(byte[] body, String coding) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/hl7v2"))
            .header("Content-Type", ER7)
            .header("Content-Encoding", coding)
            .header("Authorization", fixture.bearer("sender"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void refusesWrongMediaTypesEmptyBodiesAndOversizedBodiesButTakesAnEmptyBatch() throws Exception {
    HttpResponse<String> json = post("{\"resourceType\":\"Bundle\"}", "application/json", null);
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(json.body()).getString("error")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    assertThat(new JsonObject(json.body()).getString("message")).doesNotContain("curl");
    // What curl -d sends without -H: the answer says how to send a file instead.
    HttpResponse<String> form =
        post(TestMessages.elr("11D1111111", "FORM-1"), "application/x-www-form-urlencoded", null);
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(form.body()).getString("message")).contains("--data-binary");

    assertThat(post("", ER7, null).statusCode()).isEqualTo(400);
    // HL7 allows a batch of no messages (a file due every period, nothing to report): answered
    // with a batch acknowledgement of none.
    HttpResponse<String> emptyBatch = post("BHS|^~\\&|A|LAB\rBTS|0\r", ER7, null);
    assertThat(emptyBatch.statusCode()).isEqualTo(200);
    assertThat(emptyBatch.body()).startsWith("BHS|").contains("\rBTS|0").doesNotContain("MSA|");
    // A batch cut after its last message (no BTS): every message is answered, and BTS-2 says so.
    HttpResponse<String> cut =
        post("BHS|^~\\&|A|LAB\r" + TestMessages.elr("22D3333333", "CUT-1"), ER7, null);
    assertThat(cut.statusCode()).isEqualTo(200);
    assertThat(cut.body()).contains("MSA|AA|CUT-1").contains("no trailer (BTS)");

    HttpResponse<String> big = post("x".repeat(10 * 1024 * 1024 + 10), ER7, null);
    assertThat(big.statusCode()).isEqualTo(413);
  }
}

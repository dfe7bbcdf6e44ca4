package io.vigil.ingest.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a request body's {@code Content-Encoding} ({@code gzip}, {@code x-gzip}, {@code deflate})
 * after the body handler has read it, so every handler sees the message itself; what is stored and
 * hashed is the message, not its transfer form.
 *
 * <p>The hub inflates here rather than in the HTTP server (Netty's decompressor) because a body
 * that is not what its header claims must get an answer: with the server's decompressor the
 * connection was closed without one (eclipse-vertx/vert.x#6155). Now it is 400 {@link
 * #INVALID_CODE}. The inflated body is capped at the same limit as a plain one (413), so a small
 * compressed body cannot make the hub buffer gigabytes. A coding the hub cannot undo ({@code br},
 * {@code compress}, …) is 415 {@link #CODE} (RFC 9110 §8.4.1): without this check its bytes would
 * be read as the message and answered as an HL7 v2 message with no MSH.
 */
public final class ContentDecoder implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ContentDecoder.class);

  public static final int STATUS = 415;
  public static final String CODE = "UNSUPPORTED_CONTENT_ENCODING";
  public static final String MESSAGE =
      "Send the body uncompressed, or compressed with Content-Encoding gzip or deflate";
  public static final String INVALID_CODE = "INVALID_CONTENT_ENCODING";

  private final int maxBodyBytes;

  /**
   * @param maxBodyBytes the most bytes an inflated body may have (413 above it)
   */
  public ContentDecoder(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A body that is not valid data of the coding its header names; its message says which. */
  public static final class InvalidCoding extends IllegalArgumentException {
    InvalidCoding(String message) {
      super(message);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Content-Encoding");
    List<String> codings = codings(header);
    if (codings.isEmpty()) {
      ctx.next();
      return;
    }
    for (String coding : codings) {
      if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("deflate")) {
        LOG.info(
            "request body refused: content coding not supported [path: {}, coding: {}, peer: {}]",
            ctx.normalizedPath(),
            coding,
            ctx.request().remoteAddress());
        ctx.fail(STATUS, new IllegalArgumentException("content coding not supported: " + header));
        return;
      }
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ctx.next();
      return;
    }
    byte[] bytes = body.getBytes();
    // Codings are listed in the order they were applied; undo them last first.
    for (String coding : codings) {
      try {
        bytes = inflate(bytes, coding);
      } catch (BodyTooLarge e) {
        ctx.fail(413);
        return;
      } catch (IOException | RuntimeException e) {
        // A sender's setup mistake (a body labelled gzip but sent plain): worth one line for
        // whoever onboards it. The error names the format problem, never the bytes.
        LOG.info(
            "request body refused: not valid {} data [path: {}, bytes: {}, peer: {}, error: {}]",
            coding,
            ctx.normalizedPath(),
            body.length(),
            ctx.request().remoteAddress(),
            e.getClass().getSimpleName());
        ctx.fail(
            400,
            new InvalidCoding(
                "The body is not valid "
                    + coding
                    + " data as its Content-Encoding says; send it uncompressed or compress it"
                    + " again"));
        return;
      }
    }
    ctx.request().headers().remove("Content-Encoding");
    ((RoutingContextInternal) ctx).setBody(Buffer.buffer(bytes));
    ctx.next();
  }

  /** The codings to undo, last applied first; {@code identity} dropped. */
  static List<String> codings(String header) {
    List<String> codings = new ArrayList<>();
    if (header == null) {
      return codings;
    }
    for (String part : header.split(",")) {
      String coding = part.trim().toLowerCase(Locale.ROOT);
      if (!coding.isEmpty() && !coding.equals("identity")) {
        codings.add(coding);
      }
    }
    Collections.reverse(codings);
    return codings;
  }

  private byte[] inflate(byte[] compressed, String coding) throws IOException {
    if (!coding.equals("deflate")) {
      return readCapped(new GZIPInputStream(new ByteArrayInputStream(compressed)));
    }
    // RFC 9110 "deflate" is zlib (RFC 1950), but some clients send raw deflate (RFC 1951). One raw
    // stream in 31 or so starts with bytes that pass for a zlib header: try it raw when that fails.
    boolean zlib = isZlib(compressed);
    try {
      return inflateDeflate(compressed, !zlib);
    } catch (BodyTooLarge e) {
      throw e;
    } catch (IOException e) {
      if (!zlib) {
        throw e;
      }
      return inflateDeflate(compressed, true);
    }
  }

  private byte[] inflateDeflate(byte[] compressed, boolean raw) throws IOException {
    Inflater inflater = new Inflater(raw);
    try {
      return readCapped(new InflaterInputStream(new ByteArrayInputStream(compressed), inflater));
    } finally {
      // A stream given its inflater does not end it; its native memory would wait for the GC.
      inflater.end();
    }
  }

  private byte[] readCapped(InputStream stream) throws IOException {
    try (InputStream in = stream) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBodyBytes, 1 << 16));
      byte[] chunk = new byte[1 << 16];
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (out.size() + n > maxBodyBytes) {
          throw new BodyTooLarge();
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** A zlib header: compression method 8 and a check that makes the first two bytes % 31 == 0. */
  static boolean isZlib(byte[] b) {
    return b.length >= 2 && (b[0] & 0x0F) == 8 && (((b[0] & 0xFF) << 8) | (b[1] & 0xFF)) % 31 == 0;
  }

  private static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super(null, null);
    }
  }
}

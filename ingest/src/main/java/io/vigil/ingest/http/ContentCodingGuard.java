package io.vigil.ingest.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request body in a content coding the hub cannot undo (RFC 9110 §8.4.1: 415).
 *
 * <p>The HTTP server inflates {@code gzip} and {@code deflate} bodies before any handler sees them
 * and drops their {@code Content-Encoding}; a header still present here names a coding it did not
 * undo ({@code br}, {@code compress}, …). Without this check those bytes would be read as the
 * message itself and answered as an HL7 v2 message with no MSH.
 */
public final class ContentCodingGuard implements Handler<RoutingContext> {
  public static final int STATUS = 415;
  public static final String CODE = "UNSUPPORTED_CONTENT_ENCODING";
  public static final String MESSAGE =
      "Send the body uncompressed, or compressed with Content-Encoding gzip or deflate";

  @Override
  public void handle(RoutingContext ctx) {
    String coding = ctx.request().getHeader("Content-Encoding");
    if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
      ctx.next();
    } else {
      ctx.fail(STATUS, new IllegalArgumentException("content coding not supported: " + coding));
    }
  }
}

package io.vigil.hub.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in web console: a page at {@code /} and its bundled assets under {@code /assets/},
 * built from {@code hub/src/main/web} into the classpath directory {@value #ROOT} (the files listed
 * in its {@code manifest.txt}). They are read once into memory: served from the jar only, never
 * from a same-named directory on disk, with an ETag for revalidation. Every answer carries a strict
 * Content-Security-Policy (scripts, styles and API calls from this origin only, no inline script,
 * no framing). The page calls the JSON API with the bearer token its user pastes; it holds no data
 * itself. A hub built with {@code -Dvigil.web.skip=true} answers 404 {@code WEB_CONSOLE_NOT_BUILT}.
 */
public final class WebConsole {
  private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

  /** Classpath directory of the built console. */
  static final String ROOT = "web/";

  /** The policy of every console response. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "txt", "text/plain; charset=utf-8");

  private record Asset(Buffer body, String contentType, String etag) {}

  private final Map<String, Asset> assets;

  private WebConsole(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** The console from the classpath; empty when this build has none. */
  public static Optional<WebConsole> load() {
    return load(WebConsole.class.getClassLoader());
  }

  static Optional<WebConsole> load(ClassLoader loader) {
    byte[] manifest = read(loader, ROOT + "manifest.txt");
    if (manifest == null) {
      return Optional.empty();
    }
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
      String name = line.strip();
      if (name.isEmpty()) {
        continue;
      }
      byte[] body = read(loader, ROOT + name);
      if (body == null) {
        throw new IllegalStateException("web console manifest names a missing file: " + name);
      }
      assets.put(name, new Asset(Buffer.buffer(body), contentType(name), etag(body)));
    }
    if (!assets.containsKey("index.html")) {
      throw new IllegalStateException("web console manifest has no index.html");
    }
    return Optional.of(new WebConsole(assets));
  }

  /**
   * Mounts the console on {@code router}: {@code GET /} and {@code GET /assets/*}; without a built
   * console, those paths answer 404 {@code WEB_CONSOLE_NOT_BUILT}.
   */
  public static void mount(Router router) {
    mount(router, load());
  }

  static void mount(Router router, Optional<WebConsole> console) {
    if (console.isPresent()) {
      LOG.info("web console served at / [files: {}]", console.get().assets.size());
    } else {
      LOG.info("web console not in this build (-Dvigil.web.skip); / answers 404");
    }
    for (String path : new String[] {"/", "/assets/*"}) {
      router
          .route(path)
          .method(HttpMethod.GET)
          .method(HttpMethod.HEAD)
          .handler(ctx -> console.ifPresentOrElse(c -> c.serve(ctx), () -> notBuilt(ctx)));
    }
  }

  void serve(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    Asset asset = assets.get(path.equals("/") ? "index.html" : path.substring(1));
    HttpServerResponse response = ctx.response();
    securityHeaders(response);
    if (asset == null) {
      response
          .setStatusCode(404)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(
              new JsonObject()
                  .put("error", "NOT_FOUND")
                  .put("message", "No such console file")
                  .encode());
      return;
    }
    response.putHeader(HttpHeaders.ETAG, asset.etag());
    if (asset.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType());
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(asset.body().length())).end();
    } else {
      response.end(asset.body());
    }
  }

  private static void notBuilt(RoutingContext ctx) {
    securityHeaders(ctx.response());
    ctx.response()
        .setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(
            new JsonObject()
                .put("error", "WEB_CONSOLE_NOT_BUILT")
                .put(
                    "message",
                    "This hub was built without its web console (-Dvigil.web.skip=true);"
                        + " the JSON API under /api/v1 works as usual")
                .encode());
  }

  static void securityHeaders(HttpServerResponse response) {
    response
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Cross-Origin-Resource-Policy", "same-origin")
        // Revalidate every time (ETag): a new hub version's page never runs an old script.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
  }

  private static String contentType(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.vigil.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console's routes over real HTTP: the built files, their headers, and a build without it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebConsoleRoutesIT {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String serve(Optional<WebConsole> console) throws Exception {
    Router router = Router.router(vertx);
    WebConsole.mount(router, console);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort();
  }

  private HttpResponse<String> get(String url, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheBuiltPageAndAssetsWithAStrictPolicy() throws Exception {
    Optional<WebConsole> console = WebConsole.load();
    assertThat(console).as("hub/target/classes/web, built at generate-resources").isPresent();
    String base = serve(console);

    HttpResponse<String> page = get(base + "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\">");
    assertThat(page.body()).doesNotContain("<script>", "http://", "https://");
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");

    HttpResponse<String> script = get(base + "/assets/app.js", null);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).doesNotContain("import(\"http", "from\"http");
    assertThat(get(base + "/assets/app.js.LEGAL.txt", null).body())
        .as("Chart.js is bundled, not fetched from elsewhere")
        .contains("Chart.js v4");
    String etag = script.headers().firstValue("ETag").orElseThrow();
    assertThat(get(base + "/assets/app.js", etag).statusCode()).isEqualTo(304);
    assertThat(get(base + "/assets/style.css", null).headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");

    assertThat(get(base + "/assets/nothing.js", null).statusCode()).isEqualTo(404);
    assertThat(get(base + "/assets/../manifest.txt", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aHubBuiltWithoutTheConsoleSaysSo() throws Exception {
    String base = serve(Optional.empty());
    for (String path : new String[] {"/", "/assets/app.js"}) {
      HttpResponse<String> r = get(base + path, null);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("WEB_CONSOLE_NOT_BUILT");
    }
  }
}

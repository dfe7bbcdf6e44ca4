package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which HTTP/1.1 exchanges hold Vert.x's idle event back: only those whose request the hub has
 * wholly received and not yet answered. A client that stops sending is idle.
 */
class AnswerPendingIdleGuardTest {
  /** Stands for Vert.x's handler: counts the idle events that reach it (and would close). */
  private static final class VertxSide extends ChannelInboundHandlerAdapter {
    int idleEvents;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        idleEvents++;
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // consumed, as Vert.x does
    }
  }

  private final VertxSide vertx = new VertxSide();
  private final EmbeddedChannel channel = new EmbeddedChannel(new AnswerPendingIdleGuard(), vertx);

  private boolean closesWhenIdle() {
    int before = vertx.idleEvents;
    channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    return vertx.idleEvents > before;
  }

  private void receiveHead() {
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"));
  }

  private void receiveBodyEnd() {
    channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  private void answer(HttpResponseStatus status) {
    channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
  }

  @Test
  void aConnectionWithoutRequestsIsIdle() {
    assertThat(closesWhenIdle()).isTrue();
  }

  @Test
  void aRequestStillArrivingIsIdleAndOneBeingAnsweredIsNot() {
    receiveHead();
    assertThat(closesWhenIdle()).as("body never sent").isTrue();
    receiveBodyEnd();
    assertThat(closesWhenIdle()).as("commit in progress").isFalse();
    assertThat(closesWhenIdle()).as("still in progress one timeout later").isFalse();
    answer(HttpResponseStatus.OK);
    assertThat(closesWhenIdle()).as("answered").isTrue();
  }

  @Test
  void aContinueAnswersNothingAndAStreamedAnswerEndsWithItsLastChunk() {
    receiveHead();
    answer(HttpResponseStatus.CONTINUE);
    receiveBodyEnd();
    assertThat(closesWhenIdle()).isFalse();
    channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    assertThat(closesWhenIdle()).as("head written, body not").isFalse();
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(closesWhenIdle()).isTrue();
  }

  @Test
  void anAnswerBeforeTheBodyEndsLeavesNothingOwed() {
    receiveHead();
    answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    receiveBodyEnd();
    assertThat(closesWhenIdle()).isTrue();
    // The next request on the connection is guarded as usual.
    receiveHead();
    receiveBodyEnd();
    assertThat(closesWhenIdle()).isFalse();
  }

  @Test
  void isInstalledOnlyWhereThereIsAnIdleTimeout() {
    EmbeddedChannel none = new EmbeddedChannel();
    none.pipeline().addLast("handler", new VertxSide());
    assertThat(AnswerPendingIdleGuard.install(none.pipeline())).isFalse();
    EmbeddedChannel idle = new EmbeddedChannel();
    idle.pipeline().addLast("idle", new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS));
    idle.pipeline().addLast("handler", new VertxSide());
    assertThat(AnswerPendingIdleGuard.install(idle.pipeline())).isTrue();
    assertThat(idle.pipeline().names())
        .containsSubsequence("idle", AnswerPendingIdleGuard.NAME, "handler");
  }
}

package io.vigil.ingest.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Keeps Vert.x's idle timeout ({@code http.idle-timeout-seconds}) off an HTTP/1.1 connection while
 * the hub owes it an answer. Vert.x closes a server connection on which nothing was read or written
 * for the timeout even when a request on it is still being handled; the hub answers a submission
 * only after its database commit, which can take longer (a slow or held commit: up to {@code
 * db.commit-timeout-seconds}, a paced batch longer), so the sender would lose the answer of a
 * stored message. A request counts as owed from the end of its body, as received, to the end of its
 * response; while the client is still sending (headers or body) or waits for nothing, the
 * connection is idle as Vert.x sees it. After the answer, the timeout counts from its last byte.
 *
 * <p>One instance per connection, in its pipeline just before Vert.x's own handler: it sees the
 * decoded requests, the responses Vert.x writes and the idle events. Everything runs on the
 * connection's event loop.
 */
final class AnswerPendingIdleGuard extends ChannelDuplexHandler {
  static final String NAME = "vigil-answer-pending-idle-guard";

  /** Vert.x's name of its handler at the end of a server connection's pipeline. */
  private static final String VERTX_HANDLER = "handler";

  /** Requests whose body has been wholly received. */
  private long received;

  /** Final responses wholly written. */
  private long answered;

  /** The response being written is an interim one (100 Continue): it answers nothing. */
  private boolean interim;

  /**
   * Adds a guard to {@code pipeline} when it has an idle timeout to guard against.
   *
   * @return whether it was added
   */
  static boolean install(ChannelPipeline pipeline) {
    if (pipeline.get(IdleStateHandler.class) == null || pipeline.get(VERTX_HANDLER) == null) {
      return false;
    }
    pipeline.addBefore(VERTX_HANDLER, NAME, new AnswerPendingIdleGuard());
    return true;
  }

  /** The hub still owes an answer to a request it has wholly received. */
  boolean answerPending() {
    return received > answered;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof LastHttpContent) {
      received++;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }
    if (msg instanceof LastHttpContent) {
      if (!interim) {
        // An answer written before its request's body ended (413, 503 on the announced length)
        // makes answered run ahead of received; the body's end then evens them out.
        answered++;
      }
      interim = false;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && answerPending()) {
      // Not idle: the hub is working on an answer. Netty's idle handler checks again one
      // timeout later, and a written answer restarts its clock.
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }
}

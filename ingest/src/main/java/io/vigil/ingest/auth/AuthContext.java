package io.vigil.ingest.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** The authenticated principal of a request, put there by {@link RoleGuard}. */
public final class AuthContext {
  static final String KEY = "vigil.principal";

  private AuthContext() {}

  /** The request's principal; empty on public endpoints. */
  public static Optional<Principal> find(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  /** The request's principal on a protected endpoint. */
  public static Principal of(RoutingContext ctx) {
    return find(ctx)
        .orElseThrow(() -> new IllegalStateException("no principal: endpoint is not protected"));
  }

  /**
   * The sender a request's principal is limited to: its sender id for a bound {@code sender}
   * principal, empty when it may see every sender (auditor, or the dev-mode sender).
   */
  public static Optional<Long> ownSender(RoutingContext ctx) {
    return find(ctx).filter(p -> p.role() == Role.SENDER).map(Principal::senderId);
  }
}

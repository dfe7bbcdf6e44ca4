package io.vigil.hub.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Closed-loop MLLP and HTTP senders against a hub that may die, restart or refuse: each thread
 * sends one message at a time, records the answer by control id, and reconnects when the hub is
 * away. The answers are what a sender would believe: a control id answered {@code AA} / 200 must be
 * stored.
 */
final class MixedLoad implements AutoCloseable {
  private static final String ER7 = "x-application/hl7-v2+er7";

  /**
   * One answer.
   *
   * @param transport {@code mllp} or {@code http}
   * @param status the HTTP status (0 for MLLP)
   * @param ackCode MSA-1 of the acknowledgement ("" when the body held none)
   * @param retryAfter the HTTP {@code Retry-After} header, or null
   * @param body the acknowledgement or response body of a negative answer; null for a positive one
   */
  record Answer(String transport, int status, String ackCode, String retryAfter, String body) {
    /** The sender was told the message is stored and accepted. */
    boolean positive() {
      return ackCode.equals("AA") && (status == 0 || status == 200);
    }
  }

  private final String prefix;
  private final BiFunction<Integer, String, String> messages;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param prefix control id prefix; the control id of message n is {@code prefix + n}
   * @param messages (sequence, control id) → the message text
   */
  MixedLoad(String prefix, BiFunction<Integer, String, String> messages) {
    this.prefix = prefix;
    this.messages = messages;
  }

  /** Starts {@code count} MLLP senders to {@code port}. */
  MixedLoad mllp(int port, int count) {
    for (int i = 0; i < count; i++) {
      start("mllp-sender-" + i, () -> mllpLoop(port));
    }
    return this;
  }

  /** Starts {@code count} HTTP senders posting to {@code url} with {@code bearer}. */
  MixedLoad http(String url, Supplier<String> bearer, int count) {
    for (int i = 0; i < count; i++) {
      start("http-sender-" + i, () -> httpLoop(URI.create(url), bearer));
    }
    return this;
  }

  private void start(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
  }

  private void mllpLoop(int port) {
    while (sending.get()) {
      try (MllpClient client = new MllpClient(port)) {
        while (sending.get()) {
          int n = sequence.incrementAndGet();
          String id = prefix + n;
          String text = messages.apply(n, id);
          try {
            String ack = client.send(text);
            String code = MllpClient.ackCode(ack);
            answers.put(id, new Answer("mllp", 0, code, null, code.equals("AA") ? null : ack));
          } catch (IOException e) {
            unanswered.incrementAndGet(); // no answer is allowed; a false AA is not
            throw e;
          }
        }
      } catch (IOException e) {
        pause(); // hub away: reconnect
      }
    }
  }

  private void httpLoop(URI url, Supplier<String> bearer) {
    String token = null;
    while (sending.get()) {
      int n = sequence.incrementAndGet();
      String id = prefix + n;
      try {
        if (token == null) {
          token = bearer.get();
        }
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", ER7)
                    .header("Authorization", token)
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            TestMessages.bytes(messages.apply(n, id))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
          token = null; // the hub restarted and issued new dev tokens
        }
        String code = r.body().contains("MSA|") ? MllpClient.ackCode(r.body()) : "";
        boolean positive = r.statusCode() == 200 && code.equals("AA");
        answers.put(
            id,
            new Answer(
                "http",
                r.statusCode(),
                code,
                r.headers().firstValue("Retry-After").orElse(null),
                positive ? null : r.body()));
      } catch (java.net.ConnectException e) {
        pause(); // hub away: nothing was sent
      } catch (IOException | RuntimeException e) {
        unanswered.incrementAndGet();
        token = null;
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50); // back off before reconnecting to a hub that is away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers that told the sender "stored and accepted". */
  long positives() {
    return answers.values().stream().filter(Answer::positive).count();
  }

  /** Answers of {@code transport} matching neither AA nor 200. */
  long negatives(String transport) {
    return answers.values().stream()
        .filter(a -> a.transport().equals(transport) && !a.positive())
        .count();
  }

  /** Control ids answered positively. */
  Set<String> acknowledged() {
    Set<String> ids = new HashSet<>();
    answers.forEach(
        (id, a) -> {
          if (a.positive()) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** All answers by control id (a live view). */
  Map<String, Answer> answers() {
    return answers;
  }

  /** Messages sent that got no answer (connection lost). */
  int unanswered() {
    return unanswered.get();
  }

  /** Stops the senders and waits for them. */
  @Override
  public void close() throws InterruptedException {
    sending.set(false);
    for (Thread t : threads) {
      t.join(40_000);
    }
  }
}

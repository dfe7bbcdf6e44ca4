package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
  static final SoakVerdict.Tolerances T = SoakVerdict.Tolerances.defaults();

  /** Ten one-minute samples; {@code at} gives sample i (minute i + 1). */
  static List<SoakSample> run(IntFunction<SoakSample> at) {
    List<SoakSample> s = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      s.add(at.apply(i));
    }
    return s;
  }

  static SoakSample sample(int i, long heap, long fds, long threads, double p99) {
    return new SoakSample(
        Duration.ofMinutes(i + 1), heap, fds, threads, 60_000, 0, 0, p99 / 3, p99, 3_000, 0);
  }

  static SoakSample steady(int i) {
    // Heap and p99 wobble without a trend; fds and threads constant.
    return sample(i, 60 + (i % 3) * 2, 210, 71, 12 + (i % 2) * 2);
  }

  static SoakVerdict.Check check(SoakVerdict v, String name) {
    return v.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aFlatRunPasses() {
    SoakVerdict v = SoakVerdict.of(run(SoakVerdictTest::steady), T);
    assertThat(v.passed()).as(v.toString()).isTrue();
    assertThat(v.checks())
        .extracting(SoakVerdict.Check::name)
        .containsExactly(
            "heap after GC", "open file descriptors", "live threads", "p99 ACK latency", "errors");
  }

  @Test
  void aHeapThatKeepsGrowingFails() {
    // +4 MiB a minute: 32 MiB over the 8 minutes after warm-up, over the 16 MiB tolerance.
    SoakVerdict v = SoakVerdict.of(run(i -> sample(i, 60 + 4L * i, 210, 71, 12)), T);
    assertThat(v.passed()).isFalse();
    assertThat(check(v, "heap after GC").passed()).isFalse();
    assertThat(check(v, "live threads").passed()).isTrue();
  }

  @Test
  void aWarmUpJumpInTheFirstSampleIsNotALeak() {
    SoakVerdict v = SoakVerdict.of(run(i -> i == 0 ? sample(i, 20, 150, 40, 80) : steady(i)), T);
    assertThat(v.passed()).as(v.toString()).isTrue();
  }

  @Test
  void leakingFileDescriptorsOrThreadsFail() {
    SoakVerdict fds = SoakVerdict.of(run(i -> sample(i, 60, 210 + 3L * i, 71, 12)), T);
    assertThat(check(fds, "open file descriptors").passed()).isFalse();
    assertThat(check(fds, "heap after GC").passed()).isTrue();
    SoakVerdict threads = SoakVerdict.of(run(i -> sample(i, 60, 210, 71 + i, 12)), T);
    assertThat(check(threads, "live threads").passed()).isFalse();
  }

  @Test
  void aP99ThatDegradesBeyondTheFactorFails() {
    SoakVerdict v = SoakVerdict.of(run(i -> sample(i, 60, 210, 71, 10 + 5.0 * i)), T);
    assertThat(check(v, "p99 ACK latency").passed()).isFalse();
    SoakVerdict within = SoakVerdict.of(run(i -> sample(i, 60, 210, 71, 10 + 0.5 * i)), T);
    assertThat(check(within, "p99 ACK latency").passed()).isTrue();
  }

  @Test
  void errorsOrNonAaAcksFail() {
    List<SoakSample> s = run(SoakVerdictTest::steady);
    SoakSample x = s.get(5);
    s.set(
        5,
        new SoakSample(
            x.elapsed(),
            x.heapAfterGcMib(),
            x.openFds(),
            x.liveThreads(),
            x.acks(),
            0,
            1,
            x.p50Ms(),
            x.p99Ms(),
            x.httpOk(),
            0));
    assertThat(check(SoakVerdict.of(s, T), "errors").passed()).isFalse();
  }

  @Test
  void tooFewSamplesFail() {
    SoakVerdict v = SoakVerdict.of(List.of(steady(0), steady(1)), T);
    assertThat(v.passed()).isFalse();
    assertThat(v.checks()).extracting(SoakVerdict.Check::name).containsExactly("samples");
  }

  @Test
  void slopeIsPerMinute() {
    List<SoakSample> s = run(i -> sample(i, 100 + 2L * i, 0, 0, 0));
    assertThat(SoakVerdict.slopePerMinute(s, SoakSample::heapAfterGcMib)).isEqualTo(2.0);
  }
}

package io.vigil.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverProcessTest {
  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** A process whose command line carries {@code args} (sh stays the parent of its sleep). */
  private Process running(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "sleep 600; :", "sh"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    started.add(p);
    return p;
  }

  private Path pidFile(Process p) throws Exception {
    return Files.writeString(dir.resolve("x.pid"), p.pid() + "\n");
  }

  @Test
  void aProcessThePidFileAndItsCommandLineNameIsFoundAndStopped() throws Exception {
    Path state = dir.resolve("anvil-state.json");
    Process p = running("--state", state.toString());

    var found = LeftoverProcess.find(pidFile(p), state);

    assertThat(found).isPresent();
    assertThat(found.get().pid()).isEqualTo(p.pid());
    assertThat(found.get().stop("test process", dir)).isTrue();
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aProcessWorkingInTheDirIsFound() throws Exception {
    Process p = new ProcessBuilder("sleep", "600").directory(dir.toFile()).start();
    started.add(p);

    assertThat(LeftoverProcess.find(pidFile(p), dir)).isPresent();
  }

  @Test
  void aLiveProcessThatDoesNotNameTheDirIsNeverTouched() throws Exception {
    // The pid was reused, or the file is someone else's: not provably ours.
    Process p = running("--state", dir.resolve("elsewhere.json").toString());

    assertThat(LeftoverProcess.find(pidFile(p), dir.resolve("anvil-state.json"))).isEmpty();
    Thread.sleep(200);
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void aMissingGarbledOrDeadPidFindsNothing() throws Exception {
    Path marker = dir.resolve("anvil-state.json");
    assertThat(LeftoverProcess.find(dir.resolve("absent.pid"), marker)).isEmpty();
    assertThat(LeftoverProcess.find(Files.writeString(dir.resolve("a.pid"), "x\n"), marker))
        .isEmpty();
    Process p = running("--state", marker.toString());
    Path file = pidFile(p);
    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    assertThat(LeftoverProcess.find(file, marker)).isEmpty();
  }

  @Test
  void thisJvmIsNeverALeftover() throws Exception {
    Path file = Files.writeString(dir.resolve("me.pid"), ProcessHandle.current().pid() + "\n");
    assertThat(LeftoverProcess.find(file, Path.of("").toAbsolutePath())).isEmpty();
  }
}

package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recompiles {@code Anchor.sol} with npm-installed solc-js and requires the committed {@code
 * Anchor.json} to be identical, so the Solidity source and the bytecode the client deploys cannot
 * drift apart. {@code -Dvigil.solc.regenerate=true} writes the fresh artifact into src instead.
 */
class SolcArtifactIT {

  static final String SOLC_VERSION = "0.8.37";

  private static final Path SOLIDITY = Path.of("src/main/solidity");
  private static final Path COMMITTED =
      Path.of("src/main/resources/io/vigil/anchoring/chain/Anchor.json");

  @Test
  void committedArtifactEqualsAFreshCompile() throws Exception {
    Path solc = NpmTools.install(NpmTools.defaultToolsDir(), "solc", SOLC_VERSION);
    Path fresh = Path.of("target/solc/Anchor.json").toAbsolutePath();
    NpmTools.run(
        List.of(
            NpmTools.executable("node"),
            SOLIDITY.resolve("compile.mjs").toAbsolutePath().toString(),
            SOLIDITY.resolve("Anchor.sol").toAbsolutePath().toString(),
            fresh.toString()),
        Path.of("").toAbsolutePath(),
        Map.of("SOLC_MODULE", solc.resolve("node_modules/solc").toString()));

    if (Boolean.getBoolean("vigil.solc.regenerate")) {
      Files.copy(fresh, COMMITTED, StandardCopyOption.REPLACE_EXISTING);
    }
    AnchorArtifact committed;
    try (InputStream in = Files.newInputStream(COMMITTED)) {
      committed = AnchorArtifact.parse(in);
    }
    AnchorArtifact compiled;
    try (InputStream in = Files.newInputStream(fresh)) {
      compiled = AnchorArtifact.parse(in);
    }
    String hint =
        "Anchor.json is stale: run `mvn -pl anchoring verify -Dit.test=SolcArtifactIT"
            + " -Dvigil.solc.regenerate=true` and commit it";
    assertThat(compiled.compiler()).startsWith("solc-js " + SOLC_VERSION + "+");
    assertThat(committed.compiler()).as(hint).isEqualTo(compiled.compiler());
    assertThat(committed.evmVersion())
        .as(hint)
        .isEqualTo(compiled.evmVersion())
        .isEqualTo("shanghai");
    assertThat(committed.abi()).as(hint).isEqualTo(compiled.abi());
    assertThat(committed.bytecode()).as(hint).isEqualTo(compiled.bytecode());
    assertThat(committed.deployedBytecode()).as(hint).isEqualTo(compiled.deployedBytecode());
    assertThat(Files.readString(COMMITTED)).as(hint).isEqualTo(Files.readString(fresh));
  }
}

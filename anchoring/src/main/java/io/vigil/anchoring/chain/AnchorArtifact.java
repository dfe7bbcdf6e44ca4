package io.vigil.anchoring.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.web3j.protocol.ObjectMapperFactory;

/**
 * The compiled {@code Anchor} contract as committed in {@code Anchor.json} (written by {@code
 * src/main/solidity/compile.mjs}; {@code SolcArtifactIT} keeps it in step with {@code Anchor.sol}).
 *
 * @param compiler solc version string, e.g. {@code solc-js 0.8.37+commit.f401782d...}
 * @param evmVersion the EVM version compiled for, e.g. {@code shanghai}
 * @param abi the ABI as JSON
 * @param bytecode creation bytecode, hex with {@code 0x}
 * @param deployedBytecode runtime bytecode, hex with {@code 0x}
 */
public record AnchorArtifact(
    String compiler, String evmVersion, JsonNode abi, String bytecode, String deployedBytecode) {

  /** Classpath location of the committed artifact. */
  public static final String RESOURCE = "/io/vigil/anchoring/chain/Anchor.json";

  private static final AnchorArtifact COMMITTED = load();

  /** The artifact shipped with this module. */
  public static AnchorArtifact committed() {
    return COMMITTED;
  }

  /** Parses an artifact in the {@code compile.mjs} format. */
  public static AnchorArtifact parse(InputStream json) throws IOException {
    JsonNode root = ObjectMapperFactory.getObjectMapper().readTree(json);
    return new AnchorArtifact(
        root.path("compiler").asText(),
        root.path("evmVersion").asText(),
        root.path("abi"),
        root.path("bytecode").asText(),
        root.path("deployedBytecode").asText());
  }

  private static AnchorArtifact load() {
    try (InputStream in = AnchorArtifact.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}

package io.vigil.anchoring.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * ABI encoding and decoding for {@code Anchor.sol}, written by hand rather than generated: calls,
 * the {@code Anchored} event and the contract's custom errors. {@code AnchorContractTest} checks
 * every signature here against the committed ABI.
 */
public final class AnchorContract {

  /** {@code Anchored(uint64 indexed treeSize, bytes32 root, address writer)}. */
  public static final Event ANCHORED =
      new Event(
          "Anchored",
          List.of(
              new TypeReference<Uint64>(true) {},
              new TypeReference<Bytes32>() {},
              new TypeReference<Address>() {}));

  /** topic0 of {@link #ANCHORED}. */
  public static final String ANCHORED_TOPIC = EventEncoder.encode(ANCHORED);

  /** Solidity's {@code Error(string)} (require with a message). */
  static final ErrorDef ERROR_STRING = new ErrorDef("Error", List.of("message"), "string");

  /** Solidity's {@code Panic(uint256)} (assert, overflow, ...). */
  static final ErrorDef PANIC = new ErrorDef("Panic", List.of("code"), "uint256");

  /** The contract's custom errors, as declared in {@code Anchor.sol}. */
  static final List<ErrorDef> CUSTOM_ERRORS =
      List.of(
          new ErrorDef("NotOwner", List.of("caller"), "address"),
          new ErrorDef("NotWriter", List.of("caller"), "address"),
          new ErrorDef(
              "TreeSizeNotIncreasing", List.of("latestTreeSize", "treeSize"), "uint64", "uint64"),
          new ErrorDef("ZeroRoot", List.of()),
          new ErrorDef("ZeroAddress", List.of()));

  private static final Map<String, ErrorDef> ERRORS_BY_SELECTOR =
      Stream.concat(CUSTOM_ERRORS.stream(), Stream.of(ERROR_STRING, PANIC))
          .collect(Collectors.toUnmodifiableMap(ErrorDef::selector, Function.identity()));

  private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]{8,}");

  private AnchorContract() {}

  /** A decoded {@code Anchored} event. */
  public record AnchoredEvent(long treeSize, byte[] root, String writer) {}

  /** A decoded revert: the error's name and a readable rendering with its arguments. */
  public record Revert(String name, String description) {}

  /** Call data of {@code anchor(uint64,bytes32)}. */
  public static String anchor(long treeSize, byte[] root32) {
    return encode("anchor", new Uint64(treeSize), new Bytes32(root32));
  }

  /** Call data of {@code rootOf(uint64)}. */
  public static String rootOf(long treeSize) {
    return encode("rootOf", new Uint64(treeSize));
  }

  /** Call data of {@code latestTreeSize()}. */
  public static String latestTreeSize() {
    return encode("latestTreeSize");
  }

  /** Call data of {@code owner()}. */
  public static String owner() {
    return encode("owner");
  }

  /** Call data of {@code isWriter(address)}. */
  public static String isWriter(String account) {
    return encode("isWriter", new Address(account));
  }

  /** Call data of {@code addWriter(address)}. */
  public static String addWriter(String account) {
    return encode("addWriter", new Address(account));
  }

  /** Call data of {@code removeWriter(address)}. */
  public static String removeWriter(String account) {
    return encode("removeWriter", new Address(account));
  }

  /** Call data of {@code transferOwnership(address)}. */
  public static String transferOwnership(String newOwner) {
    return encode("transferOwnership", new Address(newOwner));
  }

  /** Decodes a {@code bytes32} return value. */
  public static byte[] decodeBytes32(String returnData) {
    return (byte[]) decodeSingle(returnData, new TypeReference<Bytes32>() {}).getValue();
  }

  /** Decodes a {@code uint64} return value. */
  public static long decodeUint64(String returnData) {
    return ((BigInteger) decodeSingle(returnData, new TypeReference<Uint64>() {}).getValue())
        .longValueExact();
  }

  /** Decodes a {@code bool} return value. */
  public static boolean decodeBool(String returnData) {
    return (Boolean) decodeSingle(returnData, new TypeReference<Bool>() {}).getValue();
  }

  /** Decodes an {@code address} return value (lower-case hex). */
  public static String decodeAddress(String returnData) {
    return (String) decodeSingle(returnData, new TypeReference<Address>() {}).getValue();
  }

  /** topic1 of {@code Anchored} for one tree size. */
  public static String treeSizeTopic(long treeSize) {
    return Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(treeSize), 64);
  }

  /** Decodes an {@code Anchored} log; the caller has checked topic0. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static AnchoredEvent decodeAnchored(Log log) {
    List<String> topics = log.getTopics();
    if (topics.size() != 2 || !ANCHORED_TOPIC.equals(topics.get(0))) {
      throw new IllegalArgumentException("not an Anchored log");
    }
    long treeSize = Numeric.toBigInt(topics.get(1)).longValueExact();
    List<Type> data =
        FunctionReturnDecoder.decode(log.getData(), (List) ANCHORED.getNonIndexedParameters());
    return new AnchoredEvent(
        treeSize, (byte[]) data.get(0).getValue(), (String) data.get(1).getValue());
  }

  /**
   * Decodes revert data ({@code 0x} + 4-byte selector + ABI arguments) into the error it encodes.
   * Accepts the data alone or embedded in a node's error text (nodes differ in where they put it).
   * Empty if there is no data or the selector is unknown.
   */
  public static Optional<Revert> decodeRevert(String revertData) {
    if (revertData == null) {
      return Optional.empty();
    }
    // Nodes may quote the selector alone in the message and the full data elsewhere (anvil:
    // "custom error 0x...: <args>"), so prefer a candidate whose arguments decode.
    Revert partial = null;
    Matcher m = HEX_DATA.matcher(revertData);
    while (m.find()) {
      String hex = m.group().toLowerCase(java.util.Locale.ROOT);
      ErrorDef def = ERRORS_BY_SELECTOR.get(hex.substring(0, 10));
      if (def != null) {
        Optional<Revert> full = def.decode(hex.substring(10));
        if (full.isPresent()) {
          return full;
        }
        if (partial == null) {
          partial = new Revert(def.name(), def.name() + "(<undecodable arguments>)");
        }
      }
    }
    return Optional.ofNullable(partial);
  }

  private static String encode(String function, Type<?>... args) {
    return FunctionEncoder.encode(
        new org.web3j.abi.datatypes.Function(function, Arrays.asList(args), List.of()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Type<?> decodeSingle(String returnData, TypeReference<?> type) {
    List<Type> values = FunctionReturnDecoder.decode(returnData, (List) List.of(type));
    if (values.isEmpty()) {
      throw new IllegalArgumentException("empty return data (no contract at that address?)");
    }
    return values.get(0);
  }

  /** One error type: its name, parameter names and Solidity parameter types. */
  record ErrorDef(String name, List<String> parameterNames, List<String> parameterTypes) {

    ErrorDef(String name, List<String> parameterNames, String... parameterTypes) {
      this(name, parameterNames, List.of(parameterTypes));
    }

    String signature() {
      return name + "(" + String.join(",", parameterTypes) + ")";
    }

    String selector() {
      return Hash.sha3String(signature()).substring(0, 10);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Optional<Revert> decode(String argumentsHex) {
      if (argumentsHex.length() != 64 * parameterTypes.size()
          && !parameterTypes.contains("string")) {
        return Optional.empty();
      }
      List<TypeReference<?>> refs = parameterTypes.stream().map(ErrorDef::typeOf).toList();
      List<Type> values;
      try {
        values =
            parameterTypes.isEmpty()
                ? List.of()
                : FunctionReturnDecoder.decode(argumentsHex, (List) refs);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (values.size() != parameterNames.size()) {
        return Optional.empty();
      }
      StringBuilder text = new StringBuilder(name).append('(');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          text.append(", ");
        }
        Object value = values.get(i).getValue();
        text.append(parameterNames.get(i)).append('=').append(value);
      }
      return Optional.of(new Revert(name, text.append(')').toString()));
    }

    private static TypeReference<?> typeOf(String solidityType) {
      return switch (solidityType) {
        case "address" -> new TypeReference<Address>() {};
        case "uint64" -> new TypeReference<Uint64>() {};
        case "uint256" -> new TypeReference<Uint256>() {};
        case "string" -> new TypeReference<Utf8String>() {};
        default ->
            throw new IllegalArgumentException("unsupported error parameter " + solidityType);
      };
    }
  }
}

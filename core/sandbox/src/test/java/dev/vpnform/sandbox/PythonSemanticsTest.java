package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python and netaddr behaviour the messages depend on. Expected values were taken from Debian's
 * python3 with neutron_lib 3.1.0 and netaddr 0.8.0.
 */
class PythonSemanticsTest {

  @Test
  void reprMatchesPython() {
    assertThat(Py.repr(null)).isEqualTo("None");
    assertThat(Py.repr(true)).isEqualTo("True");
    assertThat(Py.repr(1e16)).isEqualTo("1e+16");
    assertThat(Py.repr(1.5e-5)).isEqualTo("1.5e-05");
    assertThat(Py.repr(0.0001)).isEqualTo("0.0001");
    assertThat(Py.repr(1400.0)).isEqualTo("1400.0");
    assertThat(Py.repr(List.of("a", 1))).isEqualTo("['a', 1]");
    assertThat(Py.repr(Map.of("k", "it's"))).isEqualTo("{'k': \"it's\"}");
    assertThat(Py.str("x")).isEqualTo("x");
    assertThat(Py.bytesRepr(new byte[0])).isEqualTo("b''");
    assertThat(Py.bytesRepr("a'b".getBytes(StandardCharsets.UTF_8))).isEqualTo("b\"a'b\"");
    assertThat(Py.bytesRepr(new byte[] {0, '"'})).isEqualTo("b'\\x00\"'");
  }

  @Test
  void intConversionMatchesPython() {
    assertThat(Py.toInt(" 12 ")).isEqualTo(BigInteger.valueOf(12));
    assertThat(Py.toInt("1_000")).isEqualTo(BigInteger.valueOf(1000));
    assertThat(Py.toInt(1400.9)).isEqualTo(BigInteger.valueOf(1400));
    assertThat(Py.toInt(-5.5)).isEqualTo(BigInteger.valueOf(-5));
    assertThat(Py.toInt(true)).isEqualTo(BigInteger.ONE);
    assertThatThrownBy(() -> Py.toInt("1e3")).isInstanceOf(Py.PyError.class);
    assertThatThrownBy(() -> Py.toInt("1.5")).isInstanceOf(Py.PyError.class);
    assertThatThrownBy(() -> Py.toInt(null)).isInstanceOf(Py.PyError.class);
    assertThat(Specs.nonNegative(-5.5)).isEqualTo("'-5' should be non-negative");
    assertThat(Specs.nonNegative("1e3")).isEqualTo("'1e3' is not an integer");
  }

  @Test
  void comparisonsMatchPython() {
    assertThat(Py.compare("120", "60")).isNegative(); // strings compare as text
    assertThat(Py.compare(true, 0)).isPositive();
    assertThatThrownBy(() -> Py.compare(120, "60")).isInstanceOf(Py.PyError.class);
    assertThat(Py.eq(1, 1.0)).isTrue();
  }

  @Test
  void subnetValidationMatchesNeutronLib() {
    assertThat(Net.validateSubnet("192.168.60.1/24")).isNull();
    assertThat(Net.validateSubnet("2001:DB8::/32")).isNull();
    assertThat(Net.validateSubnet("10/8"))
        .isEqualTo("'10/8' isn't a recognized IP subnet cidr, '10.0.0.0/8' is recommended");
    assertThat(Net.validateSubnet("010.0.0.0/8"))
        .isEqualTo("'010.0.0.0/8' isn't a recognized IP subnet cidr, '10.0.0.0/8' is recommended");
    assertThat(Net.validateSubnet("10.0.0.0/255.0.0.0"))
        .isEqualTo(
            "'10.0.0.0/255.0.0.0' isn't a recognized IP subnet cidr, '10.0.0.0/8' is recommended");
    assertThat(Net.validateSubnet("10.0.0.0/0.0.0.255"))
        .isEqualTo(
            "'10.0.0.0/0.0.0.255' isn't a recognized IP subnet cidr, '10.0.0.0/24' is recommended");
    assertThat(Net.validateSubnet("2001:db8::"))
        .isEqualTo(
            "'2001:db8::' isn't a recognized IP subnet cidr, '2001:db8::/128' is recommended");
    assertThat(Net.validateSubnet("10.0.0.0/33"))
        .isEqualTo("'10.0.0.0/33' is not a valid IP subnet");
    assertThat(Net.validateSubnet(" 10.0.0.0/8"))
        .isEqualTo("' 10.0.0.0/8' is not a valid IP subnet");
    assertThat(Net.validateSubnet(5)).isEqualTo("'5' is not a valid IP subnet");
  }

  @Test
  void addressesAreFormattedLikeGlibcAndResolvedLikeGreendns() {
    assertThat(Net.ntop6(Net.pton6("2001:DB8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
    assertThat(Net.ntop6(Net.pton6("1:0:2:3:4:5:6:7"))).isEqualTo("1:0:2:3:4:5:6:7");
    assertThat(Net.ntop6(Net.pton6("::ffff:0102:0304"))).isEqualTo("::ffff:1.2.3.4");
    assertThat(Net.ntop6(Net.pton6("::"))).isEqualTo("::");
    assertThat(Net.pton6("1:::2")).isNull();
    assertThat(Net.isValidIpAddress("01.2.3.4")).isFalse();
    assertThat(Net.isValidIpAddress("2001:db8::1")).isTrue();
    // eventlet's greendns takes only dotted quads as numbers; glibc's other forms are names
    assertThat(Net.resolve("010.0.0.1")).isNull();
    assertThat(Net.resolve("127.1")).isNull();
    assertThat(Net.resolve("2001:db8::1")).isEqualTo("2001:db8::1");
    assertThat(Net.resolve("localhost")).isEqualTo("127.0.0.1");
    assertThat(Net.resolve("1.2.3.4 x")).isNull();
    assertThat(Net.resolve("example.org")).isNull(); // never DNS
  }

  @Test
  void idnaCodecRefusesWhatPythonRefuses() {
    // Lib/encodings/idna.py, ASCII fast path: labels but the last 1..63, the last under 64
    assertThat(Net.idnaRefuses("a".repeat(63) + ".example")).isFalse();
    assertThat(Net.idnaRefuses("a".repeat(64) + ".example")).isTrue();
    assertThat(Net.idnaRefuses("example." + "a".repeat(64))).isTrue();
    assertThat(Net.idnaRefuses("a..example")).isTrue();
    assertThat(Net.idnaRefuses(".example")).isTrue();
    assertThat(Net.idnaRefuses("example.")).isFalse(); // a trailing dot is allowed
    assertThat(Net.idnaRefuses("")).isFalse(); // encoded as b'' without a check
    assertThat(Net.idnaRefuses("garbage!")).isFalse();
    assertThat(Net.idnaRefuses("é..example")).isFalse(); // not ASCII: not judged
  }

  @Test
  void uuidLikeFollowsOsloUtils() {
    assertThat(Specs.isUuidLike("70000000-0000-4000-8000-000000000001")).isTrue();
    assertThat(Specs.isUuidLike("70000000000040008000000000000001")).isTrue();
    assertThat(Specs.isUuidLike("{70000000-0000-4000-8000-000000000001}")).isTrue();
    assertThat(Specs.isUuidLike("7000000-0000-4000-8000-000000000001")).isFalse();
    assertThat(Specs.isUuidLike(5)).isFalse();
  }
}

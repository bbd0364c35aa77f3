package dev.vpnform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IP and CIDR parsing as the server's netaddr reads them. */
class AddressesTest {
  @Test
  void anIpv4MappedIpv6CidrStaysIpv6() {
    // the real server took ::ffff:10.106.91.0/120 as a cidr endpoint (differential seed 18)
    assertThat(Addresses.cidr("::ffff:10.106.91.0/120"))
        .hasValueSatisfying(c -> assertThat(c.version()).isEqualTo(6));
    assertThat(Addresses.cidr("::ffff:10.106.91.0/129")).isEmpty();
    assertThat(Addresses.version("::ffff:10.1.2.3")).contains(6);
    assertThat(Addresses.version("10.1.2.3")).contains(4);
    assertThat(Addresses.cidr("10.1.2.0/33")).isEmpty();
    assertThat(Addresses.cidr("10.1.2.1/24"))
        .hasValueSatisfying(c -> assertThat(c.hostBitsSet()).isTrue());
  }
}

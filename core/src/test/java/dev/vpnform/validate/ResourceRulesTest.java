package dev.vpnform.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.model.DesiredResource;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Kind;
import dev.vpnform.model.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules that the differential suite of the four kinds ({@code ResourceDifferentialIT}) found
 * missing: each case here is a body the real server refused while vpnform passed it.
 */
class ResourceRulesTest {
  private static final SourceLocation AT = new SourceLocation("site.yaml", 3, 5);

  private static List<String> errors(DesiredResource r) {
    return ResourceRules.validate(r).stream()
        .filter(Diagnostic::isError)
        .map(d -> d.rule() + " " + d.field() + ": " + d.message())
        .toList();
  }

  private static DesiredResource policy(Kind kind, String encryption) {
    return DesiredResource.builder(kind, AT)
        .set("name", "p")
        .set("encryption_algorithm", encryption)
        .build();
  }

  @Test
  void anEncryptionAlgorithmOutsideTheApisValuesIsRefused() {
    // the server: 400 "Invalid input for encryption_algorithm. Reason: AES-128 is not in
    // valid_values" (ipsecpolicies create #2 of seed 17)
    for (Kind k : List.of(Kind.IKE_POLICY, Kind.IPSEC_POLICY)) {
      for (String bad : List.of("AES-128", "blowfish", "des", "aes-512", "")) {
        assertThat(errors(policy(k, bad)))
            .as("%s %s", k, bad)
            .singleElement()
            .asString()
            .startsWith("value encryption_algorithm: '" + bad + "' is not one of 3des, aes-128");
      }
    }
  }

  @Test
  void everyEncryptionAlgorithmOfTheApiPasses() {
    for (String ok :
        List.of("3des", "aes-128", "aes-192", "aes-256", "aes-128-ccm-8", "aes-256-gcm-16")) {
      assertThat(errors(policy(Kind.IKE_POLICY, ok))).as(ok).isEmpty();
      assertThat(errors(policy(Kind.IPSEC_POLICY, ok))).as(ok).isEmpty();
    }
  }

  @Test
  void aServicesIdsMustBeUuids() {
    // the server: 400 "Invalid input for router_id. Reason: 'not-a-router-id' is not a valid
    // UUID" (vpnservices create #5 of seed 17)
    DesiredResource r =
        DesiredResource.builder(Kind.VPN_SERVICE, AT)
            .set("name", "s")
            .set("router_id", "not-a-router-id")
            .set("subnet_id", "private-a")
            .set("flavor_id", "gold")
            .build();
    assertThat(errors(r))
        .containsExactly(
            "value router_id: 'not-a-router-id' is not a valid UUID (give the router by name with"
                + " 'router', or its id)",
            "value subnet_id: 'private-a' is not a valid UUID (give the subnet by name with"
                + " 'subnet', or its id)",
            "value flavor_id: 'gold' is not a valid UUID");
  }

  @Test
  void uuidsInAnyCasePass() {
    DesiredResource r =
        DesiredResource.builder(Kind.VPN_SERVICE, AT)
            .set("name", "s")
            .set("router_id", "B6D1AD15-655B-40DA-803E-063FAD867973")
            .set("subnet_id", "6d80decf-9d31-4f2e-90b0-9fcea8a0d485")
            .build();
    assertThat(errors(r)).isEmpty();
  }

  @Test
  void aCidrEndpointWithALeadingZeroInItsPrefixIsRefused() {
    // the server: 400 InvalidEndpointInEndpointGroup "Endpoint '10.223.27.0/024' is invalid for
    // group type 'cidr': Invalid CIDR" (endpoint-groups create #50 of seed 17)
    DesiredResource bad =
        DesiredResource.builder(Kind.ENDPOINT_GROUP, AT)
            .set("name", "g")
            .set("type", "cidr")
            .set("endpoints", List.of("10.223.27.0/024", "10.1.0.0/16", "10.2.0.0/0"))
            .build();
    assertThat(errors(bad))
        .containsExactly(
            "endpoints endpoints[0]: '10.223.27.0/024' is not a CIDR (type cidr takes CIDRs)");
  }
}

package dev.vpnform.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vpnform.openstack.ApiException;
import dev.vpnform.openstack.NeutronJson;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link NeutronJson#parseConnections}: any text either parses or throws an {@link
 * ApiException} (in practice its subclass ResponseFormatException), whose message never quotes the
 * document.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/vpnform/fuzz/NeutronJsonFuzzTestInputs/}.
 */
class NeutronJsonFuzzTest {
  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/fuzz/json.dict")
  void parseConnections(byte[] input) throws Throwable {
    String text = new String(input, StandardCharsets.UTF_8);
    Bounded.run(
        () -> {
          try {
            NeutronJson.parseConnections(text, "fuzz.json");
          } catch (ApiException e) {
            Canary.assertNotEchoed(text, e.getMessage());
          }
        });
  }
}

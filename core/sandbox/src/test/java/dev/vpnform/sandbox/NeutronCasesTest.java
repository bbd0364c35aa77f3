package dev.vpnform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The measured neutron behaviour, as data (sandbox/neutron-vpnaas-cases.json), run against the
 * sandbox. The same file and {@link ApiCaseRunner} can run against a real server through another
 * {@link ApiTarget.Factory}.
 */
class NeutronCasesTest {
  static final String CASES = "/sandbox/neutron-vpnaas-cases.json";

  /**
   * Every case file: the VPN resources' behaviour; the routers, subnets and ports that planning
   * reads (network-cases.json); creates, deletes and replaces (lifecycle-cases.json); POST, PUT and
   * DELETE of the four kinds a connection stands on (graph-cases.json).
   */
  static final List<String> CASE_FILES =
      List.of(
          CASES,
          "/sandbox/network-cases.json",
          "/sandbox/lifecycle-cases.json",
          "/sandbox/graph-cases.json");

  /** The cases of every file, in order. */
  static List<ApiCaseRunner.ApiCase> loadAll() throws java.io.IOException {
    List<ApiCaseRunner.ApiCase> all = new java.util.ArrayList<>();
    // -Dvpnform.caseFiles=/sandbox/graph-cases.json runs only those files (while iterating)
    String only = System.getProperty("vpnform.caseFiles");
    for (String f : only == null || only.isBlank() ? CASE_FILES : List.of(only.split(","))) {
      all.addAll(ApiCaseRunner.load(f));
    }
    return all;
  }

  static final java.util.concurrent.atomic.AtomicInteger RAN =
      new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger SKIPPED =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The contract suite's count against the sandbox; NeutronContractIT prints the real server's. */
  @org.junit.jupiter.api.AfterAll
  static void counts() {
    System.out.println(
        "[contract] sandbox: ran " + RAN.get() + ", skipped " + SKIPPED.get() + " API cases");
  }

  @TestFactory
  Stream<DynamicTest> casesAgainstTheSandbox() throws Exception {
    List<ApiCaseRunner.ApiCase> cases = loadAll();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    ApiCaseRunner runner = new ApiCaseRunner();
    SandboxTargets factory = new SandboxTargets();
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      ApiCaseRunner.Result result;
                      try (ApiTarget target = factory.create(RealNeutronTargets.needed(c))) {
                        result = runner.run(c, target);
                      }
                      (result.skipReason() == null ? RAN : SKIPPED).incrementAndGet();
                      Assumptions.assumeTrue(result.skipReason() == null, result.skipReason());
                      assertThat(result.failures()).as(c.name() + " (" + c.doc() + ")").isEmpty();
                    }));
  }

  @org.junit.jupiter.api.Test
  void caseNamesAreUnique() throws Exception {
    List<String> names = loadAll().stream().map(ApiCaseRunner.ApiCase::name).toList();
    assertThat(names).doesNotHaveDuplicates();
  }
}

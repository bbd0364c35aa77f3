package dev.vpnform.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpnform.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudConfigTest {
  static final String CANARY = "CANARYsecret-9";

  @TempDir Path tmp;
  Path cwd;
  Path home;
  Path etc;
  Map<String, String> env = new HashMap<>();

  @BeforeEach
  void dirs() throws IOException {
    cwd = Files.createDirectories(tmp.resolve("work"));
    home = Files.createDirectories(tmp.resolve("home"));
    etc = Files.createDirectories(tmp.resolve("etc-openstack"));
  }

  CloudConfig resolve(CloudOptions opts) throws CloudConfigException {
    return CloudConfig.resolve(opts, env, cwd, home, List.of(etc));
  }

  CloudConfig resolve() throws CloudConfigException {
    return resolve(CloudOptions.empty());
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), text);
  }

  static final String CLOUDS =
      """
      clouds:
        prod:
          auth:
            auth_url: https://keystone.example:5000/v3
            username: deploy
            project_name: network-team
            user_domain_name: Default
            project_domain_id: default
          region_name: RegionOne
          interface: internal
        lab:
          auth_type: none
          auth:
            endpoint: http://127.0.0.1:9696
          verify: false
      """;

  @Test
  void credentialsInAUrlAreNeverUsedNorShownButRedacted() throws Exception {
    env.put("OS_AUTH_URL", "http://deploy:s%40cret-pw@keystone:5000/v3");
    env.put("OS_USERNAME", "deploy");
    env.put("OS_PASSWORD", "pw");
    env.put("OS_PROJECT_NAME", "p");
    CloudConfig cfg =
        resolve(CloudOptions.builder().endpoint("https://u:tok@neutron:9696").build());

    assertThat(cfg.authUrl()).contains("http://keystone:5000/v3");
    assertThat(cfg.endpoint()).contains("https://neutron:9696");
    assertThat(cfg.toString()).doesNotContain("cret-pw").doesNotContain("tok@");
    assertThat(cfg.secretValues())
        .contains("deploy:s%40cret-pw", "deploy:s@cret-pw", "s@cret-pw", "u:tok", "tok");
  }

  @Test
  void cloudsYamlMergedWithSecureYaml() throws Exception {
    write(cwd, "clouds.yaml", CLOUDS);
    write(cwd, "secure.yaml", "clouds:\n  prod:\n    auth:\n      password: " + CANARY + "\n");
    env.put("OS_CLOUD", "prod");

    CloudConfig c = resolve();

    assertThat(c.cloudName()).contains("prod");
    assertThat(c.authType()).isEqualTo("password");
    assertThat(c.authUrl()).contains("https://keystone.example:5000/v3");
    assertThat(c.username()).isEqualTo("deploy");
    assertThat(c.password().reveal()).isEqualTo(CANARY);
    assertThat(c.projectName()).isEqualTo("network-team");
    assertThat(c.userDomainName()).isEqualTo("Default");
    assertThat(c.projectDomainId()).isEqualTo("default");
    assertThat(c.regionName()).contains("RegionOne");
    assertThat(c.interfaceName()).isEqualTo("internal");
    assertThat(c.insecure()).isFalse();
    assertThat(c.files()).containsExactly(cwd.resolve("clouds.yaml"), cwd.resolve("secure.yaml"));
    assertThat(c.toString()).doesNotContain(CANARY).contains("password=" + Secret.MASK);
  }

  @Test
  void searchOrderIsCwdThenHomeThenEtc() throws Exception {
    write(
        etc,
        "clouds.yaml",
        "clouds:\n  c:\n    auth_type: none\n    auth: {endpoint: http://etc}\n");
    env.put("OS_CLOUD", "c");
    assertThat(resolve().endpoint()).contains("http://etc");

    write(
        home.resolve(".config/openstack"),
        "clouds.yml",
        "clouds:\n  c:\n    auth_type: none\n    auth: {endpoint: http://home}\n");
    assertThat(resolve().endpoint()).contains("http://home");

    write(
        cwd,
        "clouds.yaml",
        "clouds:\n  c:\n    auth_type: none\n    auth: {endpoint: http://cwd}\n");
    assertThat(resolve().endpoint()).contains("http://cwd");
  }

  @Test
  void osClientConfigFileAndTheSecureYamlBesideIt() throws Exception {
    write(cwd, "clouds.yaml", "clouds: {}\n");
    Path dir = tmp.resolve("elsewhere");
    write(dir, "my-clouds.yaml", CLOUDS);
    write(dir, "secure.yaml", "clouds:\n  prod:\n    auth:\n      password: " + CANARY + "\n");
    env.put("OS_CLIENT_CONFIG_FILE", dir.resolve("my-clouds.yaml").toString());

    CloudConfig c = resolve(CloudOptions.builder().cloud("prod").build());

    assertThat(c.password().reveal()).isEqualTo(CANARY);
    assertThat(c.files())
        .containsExactly(dir.resolve("my-clouds.yaml"), dir.resolve("secure.yaml"));
  }

  @Test
  void envOverridesCloudsYamlAndOptionsOverrideEnv() throws Exception {
    write(cwd, "clouds.yaml", CLOUDS);
    env.put("OS_CLOUD", "prod");
    env.put("OS_PASSWORD", CANARY);
    env.put("OS_REGION_NAME", "RegionTwo");
    env.put("OS_INTERFACE", "admin");
    env.put("OS_USERNAME", "from-env");
    env.put("OS_PROJECT_NAME", ""); // empty counts as unset

    CloudConfig c = resolve(CloudOptions.builder().regionName("RegionThree").build());

    assertThat(c.password().reveal()).isEqualTo(CANARY);
    assertThat(c.regionName()).contains("RegionThree");
    assertThat(c.interfaceName()).isEqualTo("admin");
    assertThat(c.username()).isEqualTo("from-env");
    assertThat(c.projectName()).isEqualTo("network-team");
  }

  @Test
  void optionsChooseTheCloudOverOsCloud() throws Exception {
    write(cwd, "clouds.yaml", CLOUDS);
    env.put("OS_CLOUD", "prod");

    CloudConfig c = resolve(CloudOptions.builder().cloud("lab").build());

    assertThat(c.authType()).isEqualTo("none");
    assertThat(c.endpoint()).contains("http://127.0.0.1:9696");
    assertThat(c.insecure()).as("verify: false").isTrue();
  }

  @Test
  void environmentOnly() throws Exception {
    env.put("OS_AUTH_URL", "http://keystone:5000");
    env.put("OS_APPLICATION_CREDENTIAL_ID", "ac");
    env.put("OS_APPLICATION_CREDENTIAL_SECRET", CANARY);
    env.put("OS_CACERT", "ca.pem");
    env.put("OS_INSECURE", "true");

    CloudConfig c = resolve();

    assertThat(c.cloudName()).isEmpty();
    assertThat(c.files()).isEmpty();
    assertThat(c.authType()).isEqualTo("v3applicationcredential");
    assertThat(c.applicationCredentialSecret().reveal()).isEqualTo(CANARY);
    assertThat(c.caCert()).contains(cwd.resolve("ca.pem"));
    assertThat(c.insecure()).isTrue();
    assertThat(c.interfaceName()).isEqualTo("public");
    assertThat(c.toString()).doesNotContain(CANARY);
  }

  @Test
  void authTypeInference() throws Exception {
    env.put("OS_TOKEN", CANARY);
    env.put("OS_AUTH_URL", "http://keystone:5000");
    assertThat(resolve().authType()).isEqualTo("token");

    env.clear();
    env.put("OS_ENDPOINT", "http://127.0.0.1:9696");
    assertThat(resolve().authType()).isEqualTo("none");

    env.put("OS_AUTH_TYPE", "v3password");
    env.put("OS_AUTH_URL", "http://keystone:5000");
    env.put("OS_USERNAME", "u");
    env.put("OS_PASSWORD", CANARY);
    assertThat(resolve().authType()).isEqualTo("password");
  }

  @Test
  void missingSettingsAreNamedWithWhereToGiveThem() {
    env.put("OS_AUTH_URL", "http://keystone:5000");
    assertThatThrownBy(this::resolve)
        .isInstanceOf(CloudConfigException.class)
        .hasMessage(
            "the OS_* settings (auth type password) lack a user name (option username,"
                + " OS_USERNAME or auth.username), a password (option password, OS_PASSWORD or"
                + " auth.password)");

    env.clear();
    env.put("OS_AUTH_TYPE", "none");
    assertThatThrownBy(this::resolve)
        .hasMessageContaining(
            "lack an endpoint (option endpoint, OS_ENDPOINT or auth.endpoint in clouds.yaml)");

    env.put("OS_AUTH_TYPE", "v2password");
    assertThatThrownBy(this::resolve)
        .hasMessage(
            "auth type 'v2password' (from OS_AUTH_TYPE) is not"
                + " supported; use password, v3applicationcredential, token or none");
  }

  @Test
  void badUrlsAndInterfaces() {
    env.put("OS_ENDPOINT", "127.0.0.1:9696");
    assertThatThrownBy(this::resolve)
        .hasMessage("the endpoint is not an absolute http or https URL");

    env.put("OS_ENDPOINT", "http://127.0.0.1:9696");
    env.put("OS_INTERFACE", "private");
    assertThatThrownBy(this::resolve)
        .hasMessage("interface 'private' is not one of public, internal, admin");
  }

  @Test
  void namedCloudMustExist() throws Exception {
    env.put("OS_CLOUD", "prod");
    assertThatThrownBy(this::resolve)
        .isInstanceOf(CloudConfigException.class)
        .hasMessageStartingWith("cloud 'prod' was asked for, but no clouds.yaml was found in");

    write(cwd, "clouds.yaml", CLOUDS);
    env.put("OS_CLOUD", "staging");
    assertThatThrownBy(this::resolve)
        .hasMessage(
            "cloud 'staging' is not defined in "
                + cwd.resolve("clouds.yaml")
                + " (clouds there: lab,"
                + " prod)");

    env.put("OS_CLIENT_CONFIG_FILE", "missing.yaml");
    assertThatThrownBy(this::resolve)
        .hasMessage(
            "OS_CLIENT_CONFIG_FILE names "
                + cwd.resolve("missing.yaml")
                + ", which is not a readable"
                + " file");
  }

  @Test
  void malformedYamlIsLocatedAndNeverQuoted() throws Exception {
    write(cwd, "clouds.yaml", CLOUDS);
    write(
        cwd,
        "secure.yaml",
        "clouds:\n  prod:\n    auth:\n      password: \"" + CANARY + "\n    bad: [\n");
    env.put("OS_CLOUD", "prod");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(CloudConfigException.class)
        .hasMessageStartingWith(cwd.resolve("secure.yaml") + ":")
        .hasMessageContaining("malformed YAML")
        .hasMessageNotContaining("CANARY");

    write(
        cwd,
        "secure.yaml",
        "clouds:\n  prod:\n    auth:\n      password: "
            + CANARY
            + "\n      password: "
            + CANARY
            + "x\n");
    assertThatThrownBy(this::resolve)
        .hasMessageStartingWith(cwd.resolve("secure.yaml") + ":")
        .hasMessageNotContaining("CANARY");
  }

  @Test
  void wrongTypesNameTheKeyPath() throws Exception {
    write(cwd, "clouds.yaml", "clouds:\n  prod:\n    auth:\n      password: [" + CANARY + "]\n");
    env.put("OS_CLOUD", "prod");
    assertThatThrownBy(this::resolve)
        .hasMessage(cwd.resolve("clouds.yaml") + ": clouds.prod.auth.password: expected a string");

    write(cwd, "clouds.yaml", "clouds:\n  prod:\n    auth: " + CANARY + "\n");
    assertThatThrownBy(this::resolve)
        .hasMessage(cwd.resolve("clouds.yaml") + ": clouds.prod.auth: expected a mapping");

    write(cwd, "clouds.yaml", "clouds:\n  prod:\n    verify: " + CANARY + "\n");
    assertThatThrownBy(this::resolve)
        .hasMessage(cwd.resolve("clouds.yaml") + ": clouds.prod.verify: expected true or false");
  }

  @Test
  void yamlTagsAreNotConstructed() throws Exception {
    write(
        cwd,
        "clouds.yaml",
        "clouds:\n  prod: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
    env.put("OS_CLOUD", "prod");
    assertThatThrownBy(this::resolve)
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("malformed YAML");
  }

  @Test
  void regionsListAndNumericValues() throws Exception {
    write(
        cwd,
        "clouds.yaml",
        """
        clouds:
          prod:
            auth: {auth_url: "http://k:5000", username: u, password: 12345, project_id: 42}
            regions: [{name: RegionA}, RegionB]
        """);
    env.put("OS_CLOUD", "prod");
    CloudConfig c = resolve();
    assertThat(c.regionName()).contains("RegionA");
    assertThat(c.password().reveal()).isEqualTo("12345");
    assertThat(c.projectId()).isEqualTo("42");
  }

  @Test
  void aRegionEntrysValuesOverrideTheCloudsAsInOpenstacksdk() throws Exception {
    write(
        cwd,
        "clouds.yaml",
        """
        clouds:
          multi:
            auth: {auth_url: "http://k:5000", username: u, password: p, project_name: demo}
            interface: internal
            regions:
              - name: fra1
                values:
                  auth: {auth_url: "http://fra1-keystone:5000"}
              - ams1
        """);
    env.put("OS_CLOUD", "multi");
    CloudConfig first = resolve();
    assertThat(first.regionName()).contains("fra1");
    assertThat(first.authUrl()).contains("http://fra1-keystone:5000");
    assertThat(first.username()).isEqualTo("u"); // auth merged key by key
    assertThat(first.interfaceName()).isEqualTo("internal");

    env.put("OS_REGION_NAME", "ams1");
    CloudConfig ams = resolve();
    assertThat(ams.regionName()).contains("ams1");
    assertThat(ams.authUrl()).contains("http://k:5000");

    CloudConfig byOption = resolve(CloudOptions.builder().regionName("fra1").build());
    assertThat(byOption.authUrl()).contains("http://fra1-keystone:5000");

    env.put("OS_REGION_NAME", "FRA1");
    assertThatThrownBy(this::resolve)
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("region 'FRA1' is not a region of cloud 'multi'")
        .hasMessageContaining("(its regions: fra1, ams1; names are case-sensitive)");
  }

  @Test
  void aNoauthCloudTakesItsEndpointFromAnOverride() throws Exception {
    write(
        cwd,
        "clouds.yaml",
        """
        clouds:
          lab-a:
            auth_type: none
            network_endpoint_override: "http://127.0.0.1:9696/networking"
          lab-b:
            auth_type: none
            endpoint_override: "http://127.0.0.1:9797/"
          lab-c:
            auth_type: none
            auth: {endpoint: "http://127.0.0.1:9898/"}
            network_endpoint_override: "http://127.0.0.1:9999/"
          broken:
            auth_type: none
            regions: [{name: r1, value: {}}]
        """);
    env.put("OS_CLOUD", "lab-a");
    assertThat(resolve().endpoint()).contains("http://127.0.0.1:9696/networking");
    assertThat(resolve().authType()).isEqualTo("none");
    env.put("OS_CLOUD", "lab-b");
    assertThat(resolve().endpoint()).contains("http://127.0.0.1:9797/");
    env.put("OS_CLOUD", "lab-c"); // the service's override wins over auth.endpoint
    assertThat(resolve().endpoint()).contains("http://127.0.0.1:9999/");
    env.put("OS_CLOUD", "broken");
    assertThatThrownBy(this::resolve)
        .hasMessageContaining("each entry is a region name or {name: ..., values: {...}}");
  }
}

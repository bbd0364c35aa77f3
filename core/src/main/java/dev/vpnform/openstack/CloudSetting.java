package dev.vpnform.openstack;

/**
 * A cloud setting that messages point to, with its three sources: the explicit option ({@link
 * CloudOptions}), the {@code OS_*} variable and the {@code clouds.yaml} key. Library messages name
 * the option as {@code option NAME}; the CLI shows its {@code --os-NAME} flag instead.
 */
public enum CloudSetting {
  AUTH_TYPE("auth_type", "OS_AUTH_TYPE", "auth_type"),
  ENDPOINT("endpoint", "OS_ENDPOINT", "auth.endpoint in clouds.yaml"),
  AUTH_URL("auth_url", "OS_AUTH_URL", "auth.auth_url in clouds.yaml"),
  USERNAME("username", "OS_USERNAME", "auth.username"),
  PASSWORD("password", "OS_PASSWORD", "auth.password"),
  TOKEN("token", "OS_TOKEN", "auth.token"),
  REGION_NAME("region_name", "OS_REGION_NAME", "region_name");

  private final String option;
  private final String variable;
  private final String yaml;

  CloudSetting(String option, String variable, String yaml) {
    this.option = option;
    this.variable = variable;
    this.yaml = yaml;
  }

  /** How library messages name the explicit option: {@code option username}. */
  public String option() {
    return "option " + option;
  }

  /** The option's name as openstackclient spells it after {@code --os-}: {@code username}. */
  public String optionName() {
    return option;
  }

  /** {@code option username, OS_USERNAME or auth.username}. */
  public String sources() {
    return option() + ", " + variable + " or " + yaml;
  }
}

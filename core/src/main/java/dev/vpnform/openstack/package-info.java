/**
 * The Networking (Neutron) VPNaaS API as vpnform needs it.
 *
 * <ul>
 *   <li>{@link dev.vpnform.openstack.NeutronJson#parseConnections} reads a response body into
 *       {@link dev.vpnform.model.ActualConnection}s, offline, normalising values like the server.
 *   <li>{@link dev.vpnform.openstack.CloudConfig#resolve} resolves explicit {@link
 *       dev.vpnform.openstack.CloudOptions}, {@code OS_*} variables and {@code clouds.yaml} (+
 *       {@code secure.yaml}).
 *   <li>{@link dev.vpnform.openstack.NetworkingClient} authenticates with Keystone v3 (or not, for
 *       auth type none) and lists, finds, reads and updates IPsec site connections over HTTP, with
 *       timeouts, bounded retries and a masked debug wire log.
 *   <li>Failures are {@link dev.vpnform.openstack.ApiException}s ({@link
 *       dev.vpnform.openstack.ResponseFormatException} for unreadable bodies) and {@link
 *       dev.vpnform.openstack.CloudConfigException}s.
 * </ul>
 *
 * <p>Jackson and SnakeYAML types never leave this package. No psk, password, token or
 * application-credential secret is ever put into an exception message, a {@code toString()} or the
 * debug wire log; {@link dev.vpnform.model.Secret#reveal()} is called only to put a value on the
 * wire.
 */
package dev.vpnform.openstack;

/**
 * What planning and applying need from a cloud ({@link dev.vpnform.cloud.Cloud}), apart from how it
 * is reached: the Networking API client implements it, and tests of the apply logic implement it in
 * memory.
 */
package dev.vpnform.cloud;

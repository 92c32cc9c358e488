/**
 * X.509 helpers for TCPCLv4 entity authentication (RFC 9174 §4.4): a small certificate authority
 * that issues node certificates carrying the node ID as a subjectAltName otherName of form {@code
 * id-on-bundleEID} (§4.4.1, §4.4.2, Appendix B), PEM files, and the identity checks of §4.4.4 (node
 * ID, DNS name, IP address) under a policy that can require them (§4.4.5). Path validation itself
 * (trust anchors, validity dates, EKU) is left to the TLS stack's PKIX trust manager.
 */
package org.starlane.bpsec.tls;

/**
 * BPSec, the Bundle Protocol security protocol (RFC 9172), with the default security contexts of
 * RFC 9173.
 *
 * <ul>
 *   <li>Wire format: {@link org.starlane.bpsec.AbstractSecurityBlock} (RFC 9172 §3.6), the
 *       block-type-specific data of the block integrity block (BIB, type 11, §3.7) and of the block
 *       confidentiality block (BCB, type 12, §3.8); {@link org.starlane.bpsec.SecurityField} for
 *       parameters and results (§3.10).
 *   <li>Security contexts: {@link org.starlane.bpsec.BibHmacSha2} (RFC 9173 §3) and {@link
 *       org.starlane.bpsec.BcbAesGcm} (RFC 9173 §4), with {@link org.starlane.bpsec.Canonical}
 *       building the IPPT and AAD (§3.7, §4.7) and {@link org.starlane.bpsec.JcaPrimitives} doing
 *       the cryptography through the JCA; a file-backed payload of any size is streamed, with
 *       {@code StreamingGcm} for GCM messages the JDK refuses (over 2 GiB).
 *   <li>Processing rules: {@link org.starlane.bpsec.SecurityOperations} (RFC 9172 §3.2-3.9, §5):
 *       security source, verifier and acceptor.
 *   <li>Policy and keys: {@link org.starlane.bpsec.SecurityPolicy}, {@link
 *       org.starlane.bpsec.SymmetricKeyStore}, and {@link
 *       org.starlane.bpsec.PolicySecurityProcessor}, the agent's {@link
 *       org.starlane.bp.spi.SecurityProcessor}.
 * </ul>
 *
 * <p>The user guide is {@code docs/bpsec.md}.
 */
package org.starlane.bpsec;

/**
 * Starlane's bundle protocol module: the root of the exception family ({@link
 * org.starlane.bp.DtnException}) and the sub-packages that implement Bundle Protocol version 7 (RFC
 * 9171).
 *
 * <ul>
 *   <li>{@code cbor}: the strict CBOR subset (RFC 8949) that BPv7 uses;
 *   <li>{@code eid}: endpoint and node IDs ({@code dtn} and {@code ipn} schemes, RFC 9171 §4.2.5,
 *       RFC 9758);
 *   <li>{@code bundle}: blocks, bundles and the wire codec (RFC 9171 §4);
 *   <li>{@code admin}: administrative records such as bundle status reports (RFC 9171 §6);
 *   <li>{@code spi}: the service-provider interfaces that other modules implement (convergence
 *       layer, router, security processor, bundle store) and the clock and schedulers (real time
 *       and deterministic virtual time) that the agent runs on;
 *   <li>{@code agent}: the Bundle Protocol Agent (RFC 9171 §5) and a static routing table;
 *   <li>{@code store}: bundle stores (so far in memory).
 * </ul>
 */
package org.starlane.bp;

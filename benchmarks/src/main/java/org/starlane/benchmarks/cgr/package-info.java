/**
 * Benchmarks of contact graph routing (CCSDS 734.3-B-1 SABR route search) on a synthetic 76-node
 * constellation plan.
 */
package org.starlane.benchmarks.cgr;

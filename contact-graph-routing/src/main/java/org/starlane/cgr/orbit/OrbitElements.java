package org.starlane.cgr.orbit;

/**
 * How a satellite's orbit is given: a two-line element set (propagated with SGP4/SDP4) or
 * osculating Keplerian elements (propagated as a two-body orbit).
 */
public sealed interface OrbitElements permits TwoLineElements, KeplerianElements {}

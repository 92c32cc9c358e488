/**
 * Contact prediction with Orekit: when ground stations see satellites and when satellites see each
 * other, as contact windows with ranges, for a contact plan (CCSDS 734.3-B-1 §2.3: contacts and
 * ranges).
 *
 * <p>Inputs: {@link org.starlane.cgr.orbit.Satellite satellites} (two-line element sets through
 * SGP4/SDP4, or Keplerian elements), {@link org.starlane.cgr.orbit.GroundStation ground stations}
 * (geodetic position and elevation mask), {@link org.starlane.cgr.orbit.LinkType link types} with
 * their rates, an {@link org.starlane.cgr.orbit.InterSatelliteLinks inter-satellite link rule}
 * (maximum range, grazing altitude of the line of sight) and a time span, together a {@link
 * org.starlane.cgr.orbit.PredictionRequest}. Output: {@link org.starlane.cgr.orbit.ContactWindow
 * contact windows} from {@link org.starlane.cgr.orbit.ContactPredictor}, with range samples whose
 * one-way light time becomes the plan's ranges.
 *
 * <p>Orekit is used only in this package, and never through its global default data context: all
 * Orekit data (the leap-second table shipped as a resource, or a user's {@code orekit-data}
 * directory) comes from an explicit {@link org.starlane.cgr.orbit.EarthData}.
 *
 * <p>The user guide is {@code docs/contact-prediction.md}.
 */
package org.starlane.cgr.orbit;

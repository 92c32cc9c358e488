/**
 * Contact plan file formats, each with a reader and a writer that share one lexical layer: ION's
 * {@code ionadmin} commands ({@code a contact}, {@code a range}, {@code @} reference time) and NASA
 * HDTN's JSON contact plan ({@code rateBitsPerSec}, {@code owlt}). Readers reject a malformed plan
 * with a {@link org.starlane.cgr.plan.ContactPlanFormatException} that names the line and the
 * field.
 */
package org.starlane.cgr.plan;

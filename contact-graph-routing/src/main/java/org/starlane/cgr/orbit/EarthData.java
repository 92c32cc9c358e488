package org.starlane.cgr.orbit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.orekit.bodies.OneAxisEllipsoid;
import org.orekit.data.ClasspathCrawler;
import org.orekit.data.DataContext;
import org.orekit.data.DirectoryCrawler;
import org.orekit.data.LazyLoadedDataContext;
import org.orekit.errors.OrekitException;
import org.orekit.frames.Frame;
import org.orekit.time.TimeScales;
import org.orekit.time.UTCScale;
import org.orekit.utils.Constants;
import org.orekit.utils.IERSConventions;

/**
 * The Orekit data that contact prediction runs on: an explicit {@link DataContext} (never Orekit's
 * global default context), the UTC time scale, the inertial frame of SGP4 (TEME), the Earth-fixed
 * frame (ITRF, IERS 2010 conventions) and the WGS-84 ellipsoid.
 *
 * <p>Two sources:
 *
 * <ul>
 *   <li>{@link #bundled()}: the leap-second table shipped in this jar ({@code
 *       org/starlane/cgr/orbit/tai-utc.dat}, the USNO/IERS list of UTC−TAI offsets since 1961). It
 *       is the only data that SGP4 and Earth-fixed ground stations need: without Earth-orientation
 *       parameters Orekit takes UT1 = UTC and no polar motion, which moves a ground station by at
 *       most about 0.9 s × 465 m/s ≈ 420 m along its parallel and shifts pass times by a few tens
 *       of milliseconds at most (see {@code docs/contact-prediction.md}).
 *   <li>{@link #fromOrekitDataDirectory(Path)}: a full {@code orekit-data} directory (leap seconds,
 *       Earth-orientation parameters, ...), as Orekit distributes it, for users that have one.
 * </ul>
 *
 * <p>Thread-safe: Orekit's data contexts, time scales and frames may be shared between threads.
 */
public final class EarthData {
  /** The classpath resource that holds the shipped leap-second table. */
  public static final String LEAP_SECOND_RESOURCE = "org/starlane/cgr/orbit/tai-utc.dat";

  private final DataContext dataContext;
  private final UTCScale utc;
  private final Frame teme;
  private final Frame itrf;
  private final OneAxisEllipsoid earth;
  private final String source;

  private EarthData(LazyLoadedDataContext dataContext, String source) {
    this.dataContext = dataContext;
    this.source = source;
    try {
      this.utc = dataContext.getTimeScales().getUTC();
      this.teme = dataContext.getFrames().getTEME();
      this.itrf = dataContext.getFrames().getITRF(IERSConventions.IERS_2010, true);
    } catch (OrekitException e) {
      throw new OrbitDataException(
          "cannot load Orekit data from " + source + ": " + e.getMessage(), e);
    }
    this.earth =
        new OneAxisEllipsoid(
            Constants.WGS84_EARTH_EQUATORIAL_RADIUS, Constants.WGS84_EARTH_FLATTENING, itrf);
  }

  /** Orekit data from the leap-second table shipped in this jar: works offline, no setup. */
  public static EarthData bundled() {
    LazyLoadedDataContext context = new LazyLoadedDataContext();
    ClassLoader loader = EarthData.class.getClassLoader();
    if (loader.getResource(LEAP_SECOND_RESOURCE) == null) {
      throw new OrbitDataException(
          "leap-second table " + LEAP_SECOND_RESOURCE + " missing from the classpath");
    }
    context
        .getDataProvidersManager()
        .addProvider(new ClasspathCrawler(loader, LEAP_SECOND_RESOURCE));
    return new EarthData(context, "classpath:" + LEAP_SECOND_RESOURCE);
  }

  /**
   * Orekit data from a full {@code orekit-data} directory (the layout Orekit distributes: {@code
   * tai-utc.dat} or {@code UTC-TAI.history}, Earth-orientation files, ...).
   *
   * @throws OrbitDataException when {@code directory} is not a readable directory or holds no
   *     leap-second data
   */
  public static EarthData fromOrekitDataDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
      throw new OrbitDataException(
          "Orekit data directory " + directory + " is not a readable directory");
    }
    LazyLoadedDataContext context = new LazyLoadedDataContext();
    File file = directory.toFile();
    context.getDataProvidersManager().addProvider(new DirectoryCrawler(file));
    return new EarthData(context, directory.toString());
  }

  /** The explicit Orekit data context; pass it wherever Orekit asks for one. */
  public DataContext dataContext() {
    return dataContext;
  }

  /** The time scales of {@link #dataContext()}. */
  public TimeScales timeScales() {
    return dataContext.getTimeScales();
  }

  /** Coordinated Universal Time, with the leap seconds of this data. */
  public UTCScale utc() {
    return utc;
  }

  /** True Equator, Mean Equinox: the inertial frame of SGP4 and two-line elements. */
  public Frame teme() {
    return teme;
  }

  /** The Earth-fixed frame (ITRF, IERS 2010 conventions, simple EOP interpolation). */
  public Frame itrf() {
    return itrf;
  }

  /** The WGS-84 ellipsoid in {@link #itrf()}. */
  public OneAxisEllipsoid earth() {
    return earth;
  }

  /** Where the data came from (a classpath resource or a directory), for messages. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "EarthData[" + source + "]";
  }
}
